package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.sim.Waits;
import io.stratumpool.sim.v2.ChannelKind;
import io.stratumpool.sim.v2.V2Miner;
import io.stratumpool.sim.v2.V2MinerOptions;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.NewMiningJob;
import io.stratumpool.sv2.message.OpenStandardMiningChannel;
import io.stratumpool.sv2.message.OpenStandardMiningChannelSuccess;
import io.stratumpool.sv2.message.SetNewPrevHash;
import io.stratumpool.sv2.message.SetupConnection;
import io.stratumpool.sv2.message.SetupConnectionSuccess;
import io.stratumpool.sv2.message.SubmitSharesStandard;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.sv2.message.Sv2Messages;
import io.stratumpool.sv2.message.UpdateChannel;
import io.stratumpool.sv2.noise.AuthorityKey;
import io.stratumpool.sv2.noise.EncryptedFrameReader;
import io.stratumpool.sv2.noise.NoiseInitiator;
import io.stratumpool.sv2.noise.NoiseResponder;
import io.stratumpool.sv2.noise.NoiseSession;
import io.stratumpool.validator.Target;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator's controls on Stratum V2 connections, on a real pool with V2 miners over real
 * sockets: the admin API lists them (with their protocol), kicks and reconnects them, its address
 * and user bans close and refuse them, the V1 request-rate limit and invalid-share ban apply to
 * their messages, and a V2 port with the PROXY protocol takes the balancer's client address. In
 * each case an honest miner on 127.0.0.1 keeps mining; the hostile side connects from 127.0.0.2.
 */
class V2OperatorsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "test-token-0123456789";
    private static final String HOSTILE = "127.0.0.2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static PoolFixture pool(Map<String, String> extra) throws InterruptedException {
        Map<String, String> o = new HashMap<>(Map.of(
                "admin.enabled", "true", "admin.port", "0", "admin.token", TOKEN,
                "stratum.v2.ports[0].initialDifficulty", "0.00001",
                "stratum.v2.ports[0].minDifficulty", "0.0000001",
                "stratum.v2.ports[0].vardiff", "false"));
        o.putAll(extra);
        return new PoolFixture("0.01", o);
    }

    /** A V2 miner at 2 MH/s: about 47 shares a second at 0.00001, a block (tip change) every ~20 s. */
    private static V2Miner v2(PoolFixture f, String user) {
        V2Miner miner = new V2Miner(f.sims, V2MinerOptions.builder("127.0.0.1", f.pool.v2Port(0))
                .authorityKey(f.pool.v2AuthorityKey()).user(user).name(user).channel(ChannelKind.STANDARD).hashrate(2e6)
                .build());
        miner.start();
        return miner;
    }

    @Test
    void adminListsV2ConnectionsWithTheirProtocolAndKicksAndReconnectsThem() throws Exception {
        try (PoolFixture f = pool(Map.of());
                V2Miner kicked = v2(f, "alice.kicked");
                V2Miner moved = v2(f, "alice.moved");
                V2Miner kept = v2(f, "bob.kept");
                V1Raw v1 = new V1Raw(f, "carol.v1")) {
            for (V2Miner m : new V2Miner[] {kicked, moved, kept}) {
                assertTrue(m.awaitAccepted(1, WAIT), m::toString);
            }
            assertTrue(v1.authorized(), "the V1 miner is authorized");
            Waits.until("four mining sessions", WAIT, () -> sessions(f).size() == 4);
            JsonNode sessions = JSON.readTree(admin("GET", "sessions", "", f).body());
            assertEquals(4, sessions.size(), sessions::toString);
            JsonNode v2 = byWorker(sessions, "kicked");
            assertEquals("v2", v2.path("protocol").asText(), v2::toString);
            assertTrue(v2.path("id").asText().startsWith("v2-"), v2::toString);
            assertEquals("alice", v2.path("user").asText());
            assertTrue(v2.path("address").asText().startsWith("127.0.0.1:"), v2::toString);
            assertEquals(0.00001, v2.path("difficulty").asDouble(), 1e-12, v2::toString);
            assertEquals("v1", byWorker(sessions, "v1").path("protocol").asText(), sessions::toString);

            assertEquals(200, admin("POST", "sessions/" + v2.path("id").asText() + "/kick", "", f).statusCode());
            assertTrue(kicked.await(m -> m.state() != V2Miner.State.MINING || m.connections() > 1, WAIT),
                    "the kicked V2 connection is closed");
            String movedId = byWorker(sessions, "moved").path("id").asText();
            assertEquals(200, admin("POST", "sessions/" + movedId + "/reconnect", "", f).statusCode());
            assertTrue(moved.await(m -> m.receivedTypes().contains("Reconnect"), WAIT), moved.receivedTypes()::toString);
            assertEquals(404, admin("POST", "sessions/v2-nosuchid/kick", "", f).statusCode());

            long before = kept.accepted();
            assertTrue(kept.awaitAccepted(before + 2, WAIT), "the other V2 miner goes on");
            assertEquals(1, kept.connections());
            Waits.until("the kicked connection gone from the list", WAIT,
                    () -> !sessions(f).toString().contains(v2.path("id").asText()));
        }
    }

    @Test
    void aBannedAddressIsClosedAndRefusedOnTheV2Port() throws Exception {
        try (PoolFixture f = pool(Map.of()); V2Miner honest = v2(f, "alice.honest");
                V2Raw banned = new V2Raw(f, HOSTILE, null)) {
            banned.openStandard(f, "mallory.a", Target.MAX);
            assertTrue(honest.awaitAccepted(1, WAIT));
            assertEquals(200, admin("POST", "bans", "{\"address\":\"" + HOSTILE + "\",\"seconds\":600}", f).statusCode());
            assertTrue(banned.closedByPool(), "the banned address's V2 connection is closed");
            try (V2Raw again = new V2Raw(f, HOSTILE, null)) {
                assertTrue(again.closedByPool(), "a new V2 connection from the banned address is refused");
            }
            assertTrue(refusals(f, "banned") >= 1, "counted as refused: banned");
            long before = honest.accepted();
            assertTrue(honest.awaitAccepted(before + 2, WAIT), "the miner on another address goes on");
            assertEquals(1, honest.connections());
        }
    }

    @Test
    void aBannedUserCannotOpenAV2ChannelNorAuthorizeOnV1UntilUnbanned() throws Exception {
        try (PoolFixture f = pool(Map.of()); V2Miner honest = v2(f, "alice.honest"); V2Miner mallory = v2(f, "mallory.a")) {
            assertTrue(mallory.awaitAccepted(1, WAIT));
            assertEquals(200, admin("POST", "bans", "{\"user\":\"mallory\",\"seconds\":600}", f).statusCode());
            assertTrue(mallory.await(m -> m.state() != V2Miner.State.MINING || m.connections() > 1, WAIT),
                    "the banned user's connection is closed");
            JsonNode bans = JSON.readTree(admin("GET", "bans", "", f).body());
            assertEquals("mallory", bans.get(0).path("user").asText(), bans::toString);
            assertEquals(400, admin("POST", "bans", "{\"user\":\"mallory.rig\",\"seconds\":600}", f).statusCode(),
                    "a user name, not a worker");

            try (V2Miner again = v2(f, "mallory.b")) {
                assertEquals("channel refused: unknown-user", again.awaitFailure(WAIT).orElse(null), () -> again.describe(20));
            }
            try (V1Raw v1 = new V1Raw(f, "mallory.v1")) {
                assertFalse(v1.authorized());
                assertTrue(v1.authorizeReply.contains("[24,") && v1.authorizeReply.contains("mallory is banned"), v1.authorizeReply);
            }
            long before = honest.accepted();
            assertTrue(honest.awaitAccepted(before + 2, WAIT), "another user goes on");

            assertEquals(200, admin("DELETE", "bans/users/mallory", "", f).statusCode());
            try (V2Miner back = v2(f, "mallory.c")) {
                assertTrue(back.awaitAccepted(1, WAIT), "unbanned: mines again");
            }
        }
    }

    @Test
    void aFloodOfV2MessagesClosesThatConnectionForTheRequestRate() throws Exception {
        try (PoolFixture f = pool(Map.of("stratum.limits.maxRequestsPerSecond", "20"));
                V2Miner honest = v2(f, "alice.honest"); V2Raw flood = new V2Raw(f, HOSTILE, null)) {
            OpenStandardMiningChannelSuccess channel = flood.openStandard(f, "mallory.a", Target.MAX);
            Sv2Message[] burst = new Sv2Message[100]; // a burst of two seconds' worth is 40
            for (int i = 0; i < burst.length; i++) {
                burst[i] = new UpdateChannel(channel.channelId(), 1e6f, U256.of(Target.MAX.toBigInteger()));
            }
            flood.send(burst);
            assertTrue(flood.closedByPool(), "100 UpdateChannel at once close the connection");
            assertEquals(1.0, protocolErrors(f, "request_rate"));
            // Valid shares are not counted: the honest miner submits far more than 20 a second here.
            long before = honest.accepted();
            assertTrue(honest.awaitAccepted(before + 50, WAIT), "the honest miner goes on");
            assertEquals(1, honest.connections(), "never closed for its rate of valid shares");
        }
    }

    @Test
    void invalidSharesOnAV2ChannelBanItsAddress() throws Exception {
        try (PoolFixture f = pool(Map.of()); V2Miner honest = v2(f, "alice.honest"); V2Raw bad = new V2Raw(f, HOSTILE, null)) {
            // A channel at the network's difficulty (0.01): a random nonce meets it about once in 4e8.
            OpenStandardMiningChannelSuccess channel = bad.openStandard(f, "mallory.a", Target.ofDifficulty(1));
            SetNewPrevHash prevHash = bad.await(SetNewPrevHash.class);
            SecureRandom random = new SecureRandom();
            Sv2Message[] shares = new Sv2Message[120];
            for (int i = 0; i < shares.length; i++) {
                shares[i] = new SubmitSharesStandard(channel.channelId(), i, prevHash.jobId(), random.nextInt() & 0xffffffffL,
                        prevHash.minNtime(), 0x20000000L);
            }
            bad.send(shares);
            assertTrue(bad.closedByPool(), "closed after a window of 100 shares, all invalid");
            InetAddress hostile = InetAddress.getByName(HOSTILE);
            Waits.until("the address banned", WAIT, () -> f.pool.sessions().bans().containsKey(hostile));
            assertEquals(1.0, refusals(f, "invalid_shares"));
            try (V2Raw again = new V2Raw(f, HOSTILE, null)) {
                assertTrue(again.closedByPool(), "refused while banned");
            }
            long before = honest.accepted();
            assertTrue(honest.awaitAccepted(before + 2, WAIT), "the honest miner goes on");
        }
    }

    @Test
    void aV2PortWithProxyProtocolTakesTheBalancersClientAddressForListsAndBans() throws Exception {
        try (PoolFixture f = pool(Map.of("stratum.v2.ports[0].proxyProtocol", "true", "stratum.trustedProxies", "127.0.0.1"));
                V2Raw proxied = new V2Raw(f, "127.0.0.1", proxyHeader("203.0.113.7", 40000));
                V2Raw direct = new V2Raw(f, HOSTILE, null)) {
            proxied.openStandard(f, "alice.proxied", Target.MAX);
            direct.openStandard(f, "alice.direct", Target.MAX); // an untrusted peer without a header: served as usual
            JsonNode sessions = JSON.readTree(admin("GET", "sessions", "", f).body());
            assertEquals("203.0.113.7:40000", byWorker(sessions, "proxied").path("address").asText(), sessions::toString);
            assertEquals("v2", byWorker(sessions, "proxied").path("protocol").asText());
            assertTrue(byWorker(sessions, "direct").path("address").asText().startsWith(HOSTILE + ":"), sessions::toString);
            try (V2Raw noHeader = new V2Raw(f, "127.0.0.1", null)) {
                noHeader.socket.getOutputStream().write(new NoiseInitiator(AuthorityKey.decode(f.pool.v2AuthorityKey()),
                        Clock.systemUTC(), new SecureRandom()).start());
                assertTrue(noHeader.closedByPool(), "the trusted balancer must send a header");
            }
            assertEquals(1.0, refusals(f, "proxy_header_missing"));

            assertEquals(200, admin("POST", "bans", "{\"address\":\"203.0.113.7\",\"seconds\":600}", f).statusCode());
            assertTrue(proxied.closedByPool(), "the ban reaches the miner behind the balancer");
            try (V2Raw again = new V2Raw(f, "127.0.0.1", proxyHeader("203.0.113.7", 40001))) {
                again.socket.getOutputStream().write(new NoiseInitiator(AuthorityKey.decode(f.pool.v2AuthorityKey()),
                        Clock.systemUTC(), new SecureRandom()).start());
                assertTrue(again.closedByPool(), "the banned miner is refused behind the balancer too");
            }
            assertTrue(refusals(f, "banned") >= 1);
            direct.send(new UpdateChannel(1, 1f, U256.of(Target.MAX.toBigInteger())));
            assertNotNull(direct.await(io.stratumpool.sv2.message.SetTarget.class), "the other miner is still served");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private HttpResponse<String> admin(String method, String path, String body, PoolFixture f) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.pool.adminPort() + "/admin/" + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30));
        b.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The admin API's session list (unchecked, for waits). */
    private JsonNode sessions(PoolFixture f) {
        try {
            return JSON.readTree(admin("GET", "sessions", "", f).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode byWorker(JsonNode sessions, String worker) {
        for (JsonNode s : sessions) {
            for (JsonNode w : s.path("workers")) {
                if (w.asText().equals(worker)) {
                    return s;
                }
            }
        }
        throw new AssertionError("no session with worker " + worker + ": " + sessions);
    }

    private static byte[] proxyHeader(String source, int sourcePort) {
        return ("PROXY TCP4 " + source + " 127.0.0.1 " + sourcePort + " 3336\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static double refusals(PoolFixture f, String reason) {
        return counter(f, "stratum_connections_refused_total", reason);
    }

    private static double protocolErrors(PoolFixture f, String reason) {
        return counter(f, "stratum_protocol_errors_total", reason);
    }

    private static double counter(PoolFixture f, String name, String reason) {
        Matcher m = Pattern.compile(name + "\\{reason=\"" + reason + "\"} ([0-9.]+)").matcher(f.pool.metrics().scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** A V2 client on a raw socket from a chosen local address, optionally behind a PROXY header. */
    private static final class V2Raw implements AutoCloseable {
        final Socket socket = new Socket();
        private NoiseSession noise;
        private EncryptedFrameReader reader;
        private DataInputStream in;

        V2Raw(PoolFixture f, String localAddress, byte[] proxyHeader) throws IOException {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", f.pool.v2Port(0)), 10_000);
            socket.setSoTimeout(20_000);
            if (proxyHeader != null) {
                socket.getOutputStream().write(proxyHeader);
            }
            in = new DataInputStream(socket.getInputStream());
        }

        /** Handshake, SetupConnection and one standard channel whose maximum target is {@code maxTarget}. */
        OpenStandardMiningChannelSuccess openStandard(PoolFixture f, String user, Target maxTarget) throws Exception {
            NoiseInitiator initiator = new NoiseInitiator(AuthorityKey.decode(f.pool.v2AuthorityKey()), Clock.systemUTC(),
                    new SecureRandom());
            socket.getOutputStream().write(initiator.start());
            byte[] act2 = new byte[NoiseResponder.MESSAGE_2_LENGTH];
            in.readFully(act2);
            noise = initiator.finish(act2);
            reader = new EncryptedFrameReader(noise, 1 << 20);
            send(new SetupConnection(0, 2, 2, 0, "127.0.0.1", 3336, "raw-test", "", "1.0", ""));
            await(SetupConnectionSuccess.class);
            send(new OpenStandardMiningChannel(1, user, 0f, U256.of(maxTarget.toBigInteger())));
            OpenStandardMiningChannelSuccess open = await(OpenStandardMiningChannelSuccess.class);
            await(NewMiningJob.class);
            return open;
        }

        /** Every message encrypted into one write, so the pool reads them as one burst. */
        void send(Sv2Message... messages) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Sv2Message m : messages) {
                out.write(noise.encryptFrame(Sv2Messages.frame(m)));
            }
            socket.getOutputStream().write(out.toByteArray());
        }

        /** Reads messages until one of {@code type} (the socket's timeout bounds the wait). */
        <T extends Sv2Message> T await(Class<T> type) throws Exception {
            while (true) {
                byte[] chunk = new byte[reader.bytesNeeded()];
                in.readFully(chunk);
                byte[] frame = reader.accept(chunk);
                if (frame != null) {
                    Sv2Message m = Sv2Messages.decodeFrame(frame);
                    if (type.isInstance(m)) {
                        return type.cast(m);
                    }
                }
            }
        }

        /** True when the pool closes the socket (reads reach the end or a reset); what it sent before is skipped. */
        boolean closedByPool() throws IOException {
            InputStream raw = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                while (raw.read(buffer) >= 0) {
                    // frames the pool sent before closing
                }
                return true;
            } catch (java.net.SocketException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A V1 miner on a raw socket: subscribe and authorize, keeping the authorize reply. */
    private static final class V1Raw implements AutoCloseable {
        private final Socket socket;
        final String authorizeReply;

        V1Raw(PoolFixture f, String login) throws IOException {
            socket = new Socket("127.0.0.1", f.port());
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"raw-test/1.0\"]}\n"
                    + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + login + "\",\"x\"]}\n")
                    .getBytes(StandardCharsets.UTF_8));
            BufferedReader lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("{\"id\":2,"));
            authorizeReply = String.valueOf(line);
        }

        boolean authorized() {
            return authorizeReply.contains("\"result\":true");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
