package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Stratum port behind a load balancer speaking the PROXY protocol (v1 text, v2 binary), over
 * real sockets from 127.0.0.1: limits and bans apply to the address in the header, not to the
 * balancer's socket; a header from an untrusted peer, or none from a trusted balancer, is refused.
 */
class ProxyProtocolIT {
    private static final String SUBSCRIBE = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"proxy-test/1.0\"]}\n";

    private static PoolFixture pool(String trusted, Map<String, String> more) throws InterruptedException {
        Map<String, String> o = new HashMap<>(Map.of("stratum.ports[0].proxyProtocol", "true",
                "stratum.trustedProxies", trusted));
        o.putAll(more);
        return new PoolFixture("0.01", o);
    }

    @Test
    void v1PerIpLimitCountsTheHeadersAddressNotTheBalancers() throws Exception {
        try (PoolFixture f = pool("127.0.0.1", Map.of("stratum.limits.maxConnectionsPerIp", "1"));
                Socket first = connect(f, v1("203.0.113.7", 51000))) {
            assertNotNull(subscribe(first), "the first miner behind the balancer is served");
            try (Socket sameMiner = connect(f, v1("203.0.113.7", 51001));
                    Socket otherMiner = connect(f, v1("203.0.113.8", 51002))) {
                assertNull(subscribe(sameMiner), "a second connection from 203.0.113.7 is over its per-IP limit of 1");
                assertNotNull(subscribe(otherMiner), "203.0.113.8 has its own per-IP count, though the socket is the same 127.0.0.1");
            }
            assertTrue(f.pool.metrics().scrape().contains("reason=\"max_connections_per_ip\""), "counted as a per-IP refusal");
        }
    }

    @Test
    void v2BanAppliesToTheHeadersAddressNotTheBalancers() throws Exception {
        try (PoolFixture f = pool("127.0.0.0/8", Map.of())) {
            f.pool.sessions().ban(InetAddress.getByName("198.51.100.9"), 60_000);
            f.pool.sessions().ban(InetAddress.getByName("127.0.0.1"), 60_000); // the balancer itself: ignored behind it
            try (Socket banned = connect(f, v2(new byte[] {(byte) 198, 51, 100, 9}, 40000));
                    Socket fine = connect(f, v2(new byte[] {(byte) 198, 51, 100, 10}, 40001))) {
                assertNull(subscribe(banned), "198.51.100.9 is banned");
                assertNotNull(subscribe(fine), "198.51.100.10 is not, though the balancer's own address is");
            }
        }
    }

    @Test
    void theAdminApiListsTheMinersRealAddress() throws Exception {
        try (PoolFixture f = pool("127.0.0.1", Map.of("admin.enabled", "true", "admin.port", "0",
                "admin.token", "proxy-test-token-0123"));
                Socket miner = connect(f, v1("203.0.113.44", 52000))) {
            authorizeAndWait(miner, reader(miner));
            io.stratumpool.sim.Waits.until("the session", java.time.Duration.ofSeconds(5), () -> f.pool.sessions().readyCount() == 1);
            String sessions = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + f.pool.adminPort() + "/admin/sessions"))
                    .header("Authorization", "Bearer proxy-test-token-0123").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(sessions.contains("\"address\":\"203.0.113.44:52000\""), sessions);
        }
    }

    @Test
    void aHeaderFromAnUntrustedPeerIsRefusedButItsPlainStratumIsServed() throws Exception {
        try (PoolFixture f = pool("10.9.9.9", Map.of());
                Socket spoofing = connect(f, v1("203.0.113.7", 51000));
                Socket direct = connect(f, new byte[0])) {
            assertNull(subscribe(spoofing), "127.0.0.1 is not a trusted proxy: its PROXY header is refused");
            assertNotNull(subscribe(direct), "a direct miner on a proxy port is served");
            assertTrue(f.pool.metrics().scrape().contains("reason=\"proxy_untrusted\""));
        }
    }

    @Test
    void aTrustedBalancerThatSendsNoHeaderIsRefused() throws Exception {
        try (PoolFixture f = pool("127.0.0.1", Map.of()); Socket noHeader = connect(f, new byte[0])) {
            assertNull(subscribe(noHeader));
            assertTrue(f.pool.metrics().scrape().contains("reason=\"proxy_header_missing\""));
        }
    }

    @Test
    void reconnectSendsTheConfiguredPublicHostAndPort() throws Exception {
        PoolFixture f = new PoolFixture("0.01", Map.of("stratum.publicHost", "pool.example.org", "stratum.publicPort", "3333"));
        try (Socket miner = connect(f, new byte[0])) {
            BufferedReader in = reader(miner);
            authorizeAndWait(miner, in);
            f.close();
            assertEquals("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[\"pool.example.org\",3333,5]}", lineWith(in, "client.reconnect"));
        }
    }

    @Test
    void reconnectHasEmptyParamsWithoutAPublicHost() throws Exception {
        PoolFixture f = new PoolFixture("0.01");
        try (Socket miner = connect(f, new byte[0])) {
            BufferedReader in = reader(miner);
            authorizeAndWait(miner, in);
            f.close();
            assertEquals("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[]}", lineWith(in, "client.reconnect"));
        }
    }

    // --- PROXY headers -----------------------------------------------------------------------------

    private static byte[] v1(String source, int sourcePort) {
        return ("PROXY TCP4 " + source + " 192.0.2.1 " + sourcePort + " 3333\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] v2(byte[] source, int sourcePort) {
        ByteBuffer b = ByteBuffer.allocate(16 + 12);
        b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x21).put((byte) 0x11).putShort((short) 12); // v2 PROXY, TCP over IPv4, 12 address bytes
        b.put(source).put(new byte[] {(byte) 192, 0, 2, 1}).putShort((short) sourcePort).putShort((short) 3333);
        return b.array();
    }

    // --- a raw miner -------------------------------------------------------------------------------

    private static Socket connect(PoolFixture f, byte[] header) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), f.port());
        s.setSoTimeout(5_000);
        s.getOutputStream().write(header);
        return s;
    }

    /** The subscribe reply, or null when the pool closed the connection without one. */
    private static String subscribe(Socket s) throws IOException {
        try {
            s.getOutputStream().write(SUBSCRIBE.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            String line = reader(s).readLine();
            return line != null && line.contains("\"id\":1") ? line : null;
        } catch (SocketException e) { // reset: refused
            return null;
        }
    }

    private static void authorizeAndWait(Socket s, BufferedReader in) throws IOException {
        s.getOutputStream().write((SUBSCRIBE + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"alice.rig\",\"x\"]}\n")
                .getBytes(StandardCharsets.UTF_8));
        lineWith(in, "mining.notify");
    }

    private static String lineWith(BufferedReader in, String text) throws IOException {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.contains(text)) {
                    return line;
                }
            }
        } catch (SocketTimeoutException e) {
            // fall through
        }
        throw new AssertionError("no line with " + text);
    }

    private static final Map<Socket, BufferedReader> READERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static BufferedReader reader(Socket s) {
        return READERS.computeIfAbsent(s, k -> {
            try {
                return new BufferedReader(new InputStreamReader(k.getInputStream(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
