package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.sim.Waits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The admin API on the in-process pool, driven over HTTP with raw Stratum miners on real sockets:
 * every action does what it says to the miners, answers 401 without the token, and is logged as
 * an {@code event.admin-*} event.
 */
class AdminApiIT {
    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private PoolFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new PoolFixture("0.01", Map.of("admin.enabled", "true", "admin.port", "0", "admin.token", TOKEN));
        events.start();
        ((Logger) LoggerFactory.getLogger("event")).addAppender(events);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("event")).detachAppender(events);
        f.close();
    }

    @Test
    void everyRequestWithoutTheRightTokenIsRefused() throws Exception {
        for (String auth : new String[] {null, "Bearer wrong-token-0123456789", TOKEN}) {
            for (String[] call : new String[][] {{"GET", "sessions", ""}, {"POST", "bans", "{\"address\":\"192.0.2.1\"}"},
                    {"POST", "drain", "{\"seconds\":0}"}, {"POST", "log-level", "{\"level\":\"DEBUG\"}"}}) {
                HttpResponse<String> r = http.send(request(call[0], call[1], call[2], auth), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, r.statusCode(), call[1] + " with " + auth);
            }
        }
        assertTrue(f.pool.sessions().bans().isEmpty(), "nothing was banned");
        assertTrue(names().contains("event.admin-refused"), names()::toString);
    }

    @Test
    void listsSessionsWithUserWorkerAddressAgentDifficultyAndStart() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        try (RawMiner m = new RawMiner(f, "alice.rig1")) {
            JsonNode sessions = JSON.readTree(call("GET", "sessions", "").body());
            assertEquals(1, sessions.size(), sessions::toString);
            JsonNode s = sessions.get(0);
            assertEquals(m.sessionId, s.path("id").asText());
            assertEquals("alice", s.path("user").asText());
            assertEquals("[\"rig1\"]", s.path("workers").toString());
            assertEquals("127.0.0.1:" + m.socket.getLocalPort(), s.path("address").asText());
            assertEquals("raw-test/1.0", s.path("userAgent").asText());
            assertTrue(s.path("difficulty").asDouble() > 0, s::toString);
            assertTrue(!Instant.parse(s.path("connectedSince").asText()).isBefore(before), s::toString);
        }
    }

    @Test
    void kickClosesOneSession() throws Exception {
        try (RawMiner kicked = new RawMiner(f, "alice.a"); RawMiner kept = new RawMiner(f, "bob.b")) {
            assertEquals(200, call("POST", "sessions/" + kicked.sessionId + "/kick", "").statusCode());
            assertNull(kicked.lineWith("never"), "closed");
            assertEquals(404, call("POST", "sessions/ffffffff/kick", "").statusCode());
            assertEquals(1, f.pool.sessions().readyCount());
        }
        assertTrue(names().contains("event.admin-kick"), names()::toString);
    }

    @Test
    void reconnectAndShowMessageReachTheMiner() throws Exception {
        try (RawMiner m = new RawMiner(f, "alice.a")) {
            assertEquals(200, call("POST", "sessions/" + m.sessionId + "/message", "{\"message\":\"maintenance at 12:00\"}").statusCode());
            assertEquals("{\"id\":null,\"method\":\"client.show_message\",\"params\":[\"maintenance at 12:00\"]}",
                    m.lineWith("client.show_message"));
            assertEquals(200, call("POST", "sessions/" + m.sessionId + "/reconnect", "").statusCode());
            assertTrue(m.lineWith("client.reconnect") != null);
        }
        assertTrue(names().containsAll(List.of("event.admin-message", "event.admin-reconnect")), names()::toString);
    }

    @Test
    void aBanClosesTheAddressesConnectionsAndRefusesNewOnesUntilRemoved() throws Exception {
        try (RawMiner m = new RawMiner(f, "alice.a")) {
            assertEquals(200, call("POST", "bans", "{\"address\":\"127.0.0.1\",\"seconds\":600}").statusCode());
            assertNull(m.lineWith("never"), "the banned address's miner is closed");
            JsonNode bans = JSON.readTree(call("GET", "bans", "").body());
            assertEquals("127.0.0.1", bans.get(0).path("address").asText(), bans::toString);
            assertTrue(Instant.parse(bans.get(0).path("until").asText()).isAfter(Instant.now().plusSeconds(500)));
            assertThrowsClosed(() -> new RawMiner(f, "alice.b"));
            assertEquals(400, call("POST", "bans", "{\"address\":\"pool.example.org\"}").statusCode());
            assertEquals(200, call("DELETE", "bans/127.0.0.1", "").statusCode());
            assertEquals(404, call("DELETE", "bans/127.0.0.1", "").statusCode());
        }
        try (RawMiner again = new RawMiner(f, "alice.c")) {
            assertTrue(again.sessionId != null);
        }
        assertTrue(names().containsAll(List.of("event.admin-ban", "event.admin-unban")), names()::toString);
    }

    @Test
    void drainSendsEveryMinerAReconnectSpreadOverThePeriod() throws Exception {
        try (RawMiner a = new RawMiner(f, "alice.a"); RawMiner b = new RawMiner(f, "bob.b")) {
            long start = System.nanoTime();
            JsonNode r = JSON.readTree(call("POST", "drain", "{\"seconds\":2}").body());
            assertEquals(2, r.path("miners").asInt());
            List<Long> at = new ArrayList<>();
            for (RawMiner m : List.of(a, b)) {
                assertTrue(m.lineWith("client.reconnect") != null);
                at.add((System.nanoTime() - start) / 1_000_000);
            }
            assertTrue(Math.max(at.get(0), at.get(1)) >= 900, "the second miner waits about half the period: " + at);
        }
        assertTrue(names().contains("event.admin-drain"), names()::toString);
    }

    @Test
    void repartitionGivesExtranonceSubscribersANewExtranonce() throws Exception {
        try (RawMiner m = new RawMiner(f, "alice.a", true)) {
            assertEquals(1, JSON.readTree(call("POST", "extranonces/repartition", "").body()).path("miners").asInt());
            String line = m.lineWith("mining.set_extranonce");
            assertTrue(line != null && !line.contains(m.sessionId), line);
        }
        assertTrue(names().contains("event.admin-repartition"), names()::toString);
    }

    @Test
    void logLevelIsSetAndReadBack() throws Exception {
        String logger = "io.stratumpool.pool.session.AdminApiItProbe";
        assertEquals(200, call("POST", "log-level", "{\"logger\":\"" + logger + "\",\"level\":\"debug\"}").statusCode());
        assertEquals("DEBUG", JSON.readTree(call("GET", "log-level?logger=" + logger, "").body()).path("level").asText());
        assertTrue(LoggerFactory.getLogger(logger).isDebugEnabled());
        assertEquals(400, call("POST", "log-level", "{\"logger\":\"x\",\"level\":\"LOUD\"}").statusCode());
        assertTrue(names().contains("event.admin-log-level"), names()::toString);
    }

    @Test
    void payoutEndpointsSayWhenWalletPayoutsAreOffAndNameTheirActions() throws Exception {
        HttpResponse<String> off = call("GET", "payouts", "");
        assertEquals(400, off.statusCode(), off::body);
        assertTrue(off.body().contains("payout.wallet.enabled: false"), off::body);
        assertEquals(400, call("POST", "payouts/run", "{\"by\":\"ann\"}").statusCode());
        assertEquals(400, call("POST", "payouts/pause", "{}").statusCode(), "who paused is required");
        HttpResponse<String> unknown = call("POST", "payouts/explode", "{\"by\":\"ann\"}");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("run, pause, resume, approval"), unknown::body);
        assertEquals(404, call("POST", "payouts/7/explode", "{\"by\":\"ann\"}").statusCode());
    }

    // --- helpers -----------------------------------------------------------------------------------

    private List<String> names() {
        return events.list.stream().map(ILoggingEvent::getLoggerName).toList();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(request(method, path, body, "Bearer " + TOKEN), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.pool.adminPort() + "/admin/" + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization); // the bare token, without "Bearer ", is refused too
        }
        return b.build();
    }

    private static void assertThrowsClosed(java.util.concurrent.Callable<RawMiner> connect) {
        try (RawMiner m = connect.call()) {
            throw new AssertionError("served: " + m.sessionId);
        } catch (IOException | AssertionError e) {
            if (e instanceof AssertionError a && a.getMessage().startsWith("served")) {
                throw a;
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A Stratum client on a raw socket: subscribed, authorized, waiting for lines. */
    private static final class RawMiner implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final String sessionId;

        RawMiner(PoolFixture f, String worker) throws IOException, InterruptedException {
            this(f, worker, false);
        }

        RawMiner(PoolFixture f, String worker, boolean extranonceSubscribe) throws IOException, InterruptedException {
            socket = new Socket(InetAddress.getLoopbackAddress(), f.port());
            socket.setSoTimeout(5_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String lines = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"raw-test/1.0\"]}\n"
                    + (extranonceSubscribe ? "{\"id\":3,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}\n" : "")
                    + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + worker + "\",\"x\"]}\n";
            socket.getOutputStream().write(lines.getBytes(StandardCharsets.UTF_8));
            String reply = lineWith("\"id\":1");
            if (reply == null) {
                throw new IOException("closed before the subscribe reply");
            }
            JsonNode result = JSON.readTree(reply).path("result");
            sessionId = result.path(1).asText();
            if (lineWith("mining.notify") == null) {
                throw new IOException("closed before the first job");
            }
            Waits.until("the session to be ready", Duration.ofSeconds(5),
                    () -> f.pool.sessions().find(sessionId) != null);
        }

        /** The next line containing {@code text}, or null at end of stream (connection closed). */
        String lineWith(String text) throws IOException {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
                return null;
            } catch (SocketException e) {
                return null;
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no line with " + text + " within 5 s, connection still open");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
