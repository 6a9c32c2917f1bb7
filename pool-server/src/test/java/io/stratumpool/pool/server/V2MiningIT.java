package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.Waits;
import io.stratumpool.sim.v2.ChannelKind;
import io.stratumpool.sim.v2.RejectedShare;
import io.stratumpool.sim.v2.V2Miner;
import io.stratumpool.sim.v2.V2MinerOptions;
import io.stratumpool.sim.v2.V2Share;
import io.stratumpool.sv2.message.SetupConnection;
import io.stratumpool.sv2.message.Sv2Messages;
import io.stratumpool.sv2.noise.AuthorityKey;
import io.stratumpool.sv2.noise.NoiseInitiator;
import io.stratumpool.sv2.noise.NoiseResponder;
import io.stratumpool.sv2.noise.NoiseSession;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Target;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Stratum V2 and V1 miners on one pool over real sockets, on the sandbox chain: standard and
 * extended channels beside a V1 Bitaxe, shares credited at the targets sent, the same ledger
 * records whatever the protocol, blocks found through V2 accepted by the chain, vardiff through
 * SetTarget, and hostile connections closed without disturbing honest miners.
 */
class V2MiningIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final double DIFFICULTY = 0.00001;

    private static PoolFixture pool(String networkDifficulty, boolean vardiff) throws InterruptedException {
        Map<String, String> o = new HashMap<>(Map.of(
                "stratum.ports[0].vardiff", Boolean.toString(vardiff),
                "stratum.v2.ports[0].initialDifficulty", Double.toString(DIFFICULTY),
                "stratum.v2.ports[0].minDifficulty", "0.0000001",
                "stratum.v2.ports[0].vardiff", Boolean.toString(vardiff),
                "stratum.v2.ports[0].targetShareSeconds", "2",
                "stratum.v2.ports[0].retargetShares", "5"));
        return new PoolFixture(networkDifficulty, o);
    }

    private static V2Miner v2(PoolFixture f, String user, ChannelKind kind) {
        V2Miner miner = new V2Miner(f.sims, V2MinerOptions.builder("127.0.0.1", f.pool.v2Port(0))
                .authorityKey(f.pool.v2AuthorityKey()).user(user).name(user).channel(kind).build());
        miner.start();
        return miner;
    }

    private static List<ShareRecord> recording(PoolFixture f) {
        List<ShareRecord> records = new CopyOnWriteArrayList<>();
        f.pool.shares().addListener(records::add);
        return records;
    }

    private static List<ShareRecord> of(List<ShareRecord> records, String worker) {
        return records.stream().filter(r -> r.worker().equals(worker)).toList();
    }

    @Test
    void standardAndExtendedV2ChannelsMineBesideV1WithTheSameCredit() throws Exception {
        try (PoolFixture f = pool("0.01", false)) {
            List<ShareRecord> records = recording(f);
            SimMiner v1 = f.start(f.options(FirmwareProfile.CPUMINER, "alice.v1").build());
            try (V2Miner standard = v2(f, "alice.std", ChannelKind.STANDARD);
                    V2Miner extended = v2(f, "alice.ext", ChannelKind.EXTENDED)) {
                assertTrue(standard.awaitAccepted(5, WAIT), () -> "standard: " + standard + " " + standard.failure());
                assertTrue(extended.awaitAccepted(5, WAIT), () -> "extended: " + extended + " " + extended.failure());
                assertTrue(v1.awaitAccepted(5, WAIT), "the V1 miner on the same pool");
                for (V2Miner m : List.of(standard, extended)) {
                    for (V2Share s : m.acceptedShares()) {
                        assertEquals(DIFFICULTY, s.targetDifficulty(), DIFFICULTY * 1e-6, "the target the pool set");
                        assertTrue(s.hashDifficulty() >= s.targetDifficulty(), s::toString);
                    }
                    // Only a share on the tip before a block may be refused (the sandbox finds one every ~1000 shares).
                    for (RejectedShare r : m.rejectedShares()) {
                        assertEquals("stale-share", r.errorCode(), r::toString);
                    }
                }
                Map<String, String> protocols = protocolsByWorker(f, "alice");
                assertEquals("v2", protocols.get("std"), protocols::toString);
                assertEquals("v2", protocols.get("ext"), protocols::toString);
                assertEquals("v1", protocols.get("v1"), protocols::toString);
                String scrape = f.pool.metrics().scrape();
                assertTrue(scrape.lines().anyMatch(l -> l.startsWith("stratum_shares_total{") && l.contains("protocol=\"v2\"")
                        && l.contains("result=\"accepted\"") && !l.endsWith(" 0.0")), "V2 shares counted under protocol=v2");
                assertTrue(scrape.lines().anyMatch(l -> l.startsWith("stratum_miners{") && l.contains("protocol=\"v2\"")
                        && l.endsWith(" 2.0")), "two V2 connections mining");
                Waits.until("the acknowledged shares in the ledger", WAIT, () -> of(records, "std").size() >= standard.accepted()
                        && of(records, "ext").size() >= extended.accepted());
            }
            v1.close();
            for (String worker : List.of("std", "ext", "v1")) {
                List<ShareRecord> mine = of(records, worker);
                assertFalse(mine.isEmpty(), worker);
                for (ShareRecord r : mine) {
                    assertEquals("alice", r.user());
                    assertEquals(DIFFICULTY, r.difficulty(), DIFFICULTY * 1e-9, "one share, one difficulty, whatever the protocol");
                    assertTrue(Target.difficultyOf(r.hash(), 0) >= DIFFICULTY, "the hash meets it");
                }
            }
            assertTrue(f.pool.metrics().scrape().contains("stratum_shares_total"), "counted");
        }
    }

    @Test
    void blocksFoundThroughV2ChannelsAreAcceptedByTheChain() throws Exception {
        try (PoolFixture f = pool("0.0001", false)) { // one share in ten is a block
            List<ShareRecord> records = recording(f);
            long start = f.sandbox().height();
            try (V2Miner standard = v2(f, "bob.std", ChannelKind.STANDARD);
                    V2Miner extended = v2(f, "bob.ext", ChannelKind.EXTENDED)) {
                Waits.until("accepted blocks from both channels", WAIT, () -> accepted(f, records, "std") && accepted(f, records, "ext"));
            }
            // Every block on a new parent is accepted; one found on a parent already extended is a sibling.
            for (String worker : List.of("std", "ext")) {
                assertTrue(of(records, worker).stream().filter(ShareRecord::block)
                        .anyMatch(r -> f.sandbox().acceptedBlock(Hash256.wrap(r.hash())).isPresent()),
                        () -> worker + ": a block the sandbox chain accepted (it checks coinbase, merkle root and proof of work)");
            }
            assertTrue(f.sandbox().height() > start);
        }
    }

    @Test
    void vardiffRaisesAFastChannelsDifficultyThroughSetTarget() throws Exception {
        try (PoolFixture f = pool("0.01", true)) {
            List<ShareRecord> records = recording(f);
            // Announces 1 kH/s (a difficulty near the port's minimum), hashes far faster: vardiff raises it.
            V2Miner miner = new V2Miner(f.sims, V2MinerOptions.builder("127.0.0.1", f.pool.v2Port(0))
                    .authorityKey(f.pool.v2AuthorityKey()).user("carol.fast").nominalHashrate(1000f).build());
            miner.start();
            assertTrue(miner.awaitAccepted(1, WAIT));
            double initial = miner.acceptedShares().get(0).targetDifficulty();
            assertTrue(miner.await(m -> m.acceptedShares().stream().anyMatch(s -> s.targetDifficulty() > initial * 1.3),
                    WAIT), () -> "a share at a raised target: " + miner.receivedTypes());
            assertTrue(miner.receivedTypes().contains("SetTarget"), miner.receivedTypes()::toString);
            double raised = miner.acceptedShares().stream().mapToDouble(V2Share::targetDifficulty).max().orElseThrow();
            Waits.until("a share credited at the raised difficulty", WAIT,
                    () -> records.stream().anyMatch(r -> Math.abs(r.difficulty() - raised) <= raised * 1e-6));
            miner.close();
        }
    }

    @Test
    void hostileV2ConnectionsAreClosedAndCountedWhileHonestMinersKeepMining() throws Exception {
        try (PoolFixture f = pool("0.01", false);
                V2Miner honest = v2(f, "dave.v2", ChannelKind.EXTENDED)) {
            SimMiner v1 = f.start(f.options(FirmwareProfile.CPUMINER, "dave.v1").build());
            assertTrue(honest.awaitAccepted(3, WAIT));
            assertTrue(v1.awaitAccepted(3, WAIT));

            try (Socket garbage = connect(f)) {
                NoiseSession noise = handshake(f, garbage);
                garbage.getOutputStream().write(noise.encryptFrame(Sv2Messages.frame(
                        new SetupConnection(0, 2, 2, 0, "", 0, "", "", "", ""))));
                byte[] junk = new byte[64];
                new SecureRandom().nextBytes(junk);
                garbage.getOutputStream().write(junk);
                assertTrue(closedByPool(garbage), "garbage after the handshake closes the connection");
            }
            try (Socket oversized = connect(f)) {
                NoiseSession noise = handshake(f, oversized);
                byte[] frame = new byte[NoiseSession.HEADER_LENGTH + 100_000];
                frame[3] = (byte) 100_000;
                frame[4] = (byte) (100_000 >> 8);
                frame[5] = (byte) (100_000 >> 16);
                oversized.getOutputStream().write(Arrays.copyOf(noise.encryptFrame(frame), NoiseSession.ENCRYPTED_HEADER_LENGTH));
                assertTrue(closedByPool(oversized), "a header announcing 100 000 bytes closes the connection");
            }
            try (Socket truncated = connect(f)) {
                NoiseSession noise = handshake(f, truncated);
                truncated.getOutputStream().write(noise.encryptFrame(new byte[] {0, 0, 0, 2, 0, 0, 0, 2}));
                assertTrue(closedByPool(truncated), "a SetupConnection cut after two bytes closes the connection");
            }
            String metrics = f.pool.metrics().scrape();
            assertEquals(1.0, protocolErrors(metrics, "v2_decrypt_failed"));
            assertEquals(1.0, protocolErrors(metrics, "v2_frame_too_large"));
            assertEquals(1.0, protocolErrors(metrics, "v2_malformed_frame"));

            long honestBefore = honest.accepted();
            long v1Before = v1.counters().accepted();
            assertTrue(honest.awaitAccepted(honestBefore + 3, WAIT), "the honest V2 miner goes on");
            assertTrue(v1.awaitAccepted(v1Before + 3, WAIT), "the V1 miner goes on");
            assertEquals(1, honest.connections(), "on its first connection");
            assertEquals(1, v1.connections());
            v1.close();
        }
    }

    /** The API's {@code protocol} of each online worker of {@code user}. */
    private static Map<String, String> protocolsByWorker(PoolFixture f, String user) throws Exception {
        String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + f.pool.apiPort() + "/api/users/" + user + "/workers")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        Map<String, String> out = new HashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode w : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("workers")) {
            out.put(w.get("worker").asText(), w.get("protocol").isNull() ? null : w.get("protocol").asText());
        }
        return out;
    }

    private static boolean accepted(PoolFixture f, List<ShareRecord> records, String worker) {
        return of(records, worker).stream().filter(ShareRecord::block)
                .anyMatch(r -> f.sandbox().acceptedBlock(Hash256.wrap(r.hash())).isPresent());
    }

    private static Socket connect(PoolFixture f) throws IOException {
        Socket s = new Socket("127.0.0.1", f.pool.v2Port(0));
        s.setSoTimeout(30_000);
        return s;
    }

    private static NoiseSession handshake(PoolFixture f, Socket socket) throws Exception {
        NoiseInitiator initiator = new NoiseInitiator(AuthorityKey.decode(f.pool.v2AuthorityKey()), Clock.systemUTC(),
                new SecureRandom());
        socket.getOutputStream().write(initiator.start());
        byte[] act2 = new byte[NoiseResponder.MESSAGE_2_LENGTH];
        new DataInputStream(socket.getInputStream()).readFully(act2);
        return initiator.finish(act2);
    }

    /** True when the pool closes the socket (reads reach the end); anything it wrote before is skipped. */
    private static boolean closedByPool(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // frames the pool sent before closing (SetupConnection.Success)
            }
            return true;
        } catch (java.net.SocketException e) {
            return true; // reset: closed with our bytes unread
        }
    }

    private static double protocolErrors(String scrape, String reason) {
        Matcher m = Pattern.compile("stratum_protocol_errors_total\\{reason=\"" + reason + "\"} ([0-9.]+)").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
