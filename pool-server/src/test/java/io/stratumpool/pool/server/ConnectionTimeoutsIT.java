package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import io.stratumpool.sim.Waits;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The authorize and idle timeouts over real sockets, as the port's one ticker enforces them: a
 * connection that never authorizes and a miner that goes silent are closed, a miner that keeps
 * talking stays, whatever else happens on the same event loops.
 */
class ConnectionTimeoutsIT {

    @Test
    void silentConnectionsAreClosedAndTalkingOnesStay() throws Exception {
        try (PoolFixture f = new PoolFixture("1e12", Map.of(
                "stratum.limits.authorizeTimeoutSeconds", "2",
                "stratum.limits.idleTimeoutSeconds", "10"));
                Socket never = connect(f);
                Socket silent = connect(f);
                Socket talking = connect(f)) {
            BufferedReader silentIn = handshake(silent, "alice.silent");
            BufferedReader talkingIn = handshake(talking, "alice.talking");
            long start = System.nanoTime();

            CompletableFuture<Double> silentClosed = CompletableFuture.supplyAsync(() -> secondsUntilEof(silentIn, start));
            // The connection that never authorizes goes after about 2 s, long before the idle timeout.
            assertNull(new BufferedReader(new InputStreamReader(never.getInputStream(), StandardCharsets.US_ASCII)).readLine());
            assertTrue(elapsed(start) < 9, "authorize timeout, not idle: " + elapsed(start));

            OutputStream out = talking.getOutputStream();
            for (int i = 0; i < 5; i++) { // 15 s of a ping every 3 s: never 10 s silent
                out.write(("{\"id\":" + (10 + i) + ",\"method\":\"mining.ping\",\"params\":[]}\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                TimeUnit.SECONDS.sleep(3);
            }
            double silentAfter = silentClosed.get(30, TimeUnit.SECONDS);
            assertTrue(silentAfter >= 9.5, "closed after the 10 s idle timeout, not before: " + silentAfter);
            assertTrue(readsTrueFor(talkingIn), "the talking miner is still served");

            String scrape = f.pool.metrics().scrape();
            assertTrue(scrape.contains("stratum_protocol_errors_total{reason=\"authorize_timeout\"} 1.0"), scrape);
            assertTrue(scrape.contains("stratum_protocol_errors_total{reason=\"idle\"} 1.0"), scrape);
        }
    }

    @Test
    void aClosedConnectionGivesItsPlaceBackAndAnOverLongLineIsCountedAndClosed() throws Exception {
        try (PoolFixture f = new PoolFixture("1e12", Map.of(
                "stratum.limits.maxConnectionsPerIp", "2",
                "stratum.maxLineLength", "256"))) {
            Socket first = connect(f);
            Socket second = connect(f);
            handshake(first, "alice.first");
            handshake(second, "alice.second");
            try (Socket third = connect(f)) {
                assertEquals(-1, third.getInputStream().read(), "over the per-address limit: closed at once");
            }
            // A line over 256 bytes closes its connection; its place is free again.
            second.getOutputStream().write(("{\"id\":9,\"method\":\"" + "x".repeat(300) + "\"}\n").getBytes(StandardCharsets.US_ASCII));
            second.getOutputStream().flush();
            assertEquals(-1, drain(second), "closed for the over-long line");
            first.close();
            Waits.until("both places given back", Duration.ofSeconds(10), () -> f.pool.sessions().connectionCount() == 0);
            try (Socket again = connect(f); Socket andAgain = connect(f)) {
                handshake(again, "alice.again");
                handshake(andAgain, "alice.andagain");
                assertEquals(2, f.pool.sessions().connectionCount());
            }
            String scrape = f.pool.metrics().scrape();
            assertTrue(scrape.contains("stratum_protocol_errors_total{reason=\"line_too_long\"} 1.0"), scrape);
            assertTrue(scrape.contains("stratum_connections_refused_total{reason=\"max_connections_per_ip\"} 1.0"), scrape);
        }
    }

    /** Reads until the end of the stream; returns the last read's result (-1 at the end). */
    private static int drain(Socket s) throws IOException {
        byte[] buf = new byte[4096];
        int n;
        do {
            n = s.getInputStream().read(buf);
        } while (n > 0);
        return n;
    }

    private static Socket connect(PoolFixture f) throws IOException {
        Socket s = new Socket("127.0.0.1", f.port());
        s.setSoTimeout(30_000);
        return s;
    }

    private static BufferedReader handshake(Socket s, String worker) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"cpuminer/2.5.1\"]}\n"
                + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + worker + "\",\"x\"]}\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.contains("mining.notify")) {
                return in;
            }
        }
        throw new AssertionError(worker + ": closed before its first job");
    }

    /** Reads (and drops) lines until the pool closes; the seconds since {@code start}. */
    private static double secondsUntilEof(BufferedReader in, long start) {
        try {
            while (in.readLine() != null) {
                // jobs and difficulty changes
            }
            return elapsed(start);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The ping replies (ids 10..14) arrived, with any jobs in between. */
    private static boolean readsTrueFor(BufferedReader in) throws IOException {
        int replies = 0;
        while (replies < 5) {
            String line = in.readLine();
            if (line == null) {
                return false;
            }
            if (line.contains("\"result\":true")) {
                replies++;
            }
        }
        return true;
    }
}
