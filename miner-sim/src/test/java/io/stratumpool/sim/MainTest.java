package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CLI: help, argument problems all at once, and a timed run that ends by itself. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsHelp() {
        assertEquals(0, run("--help"));
        assertTrue(text(out).contains("--duration SECONDS"));
        assertTrue(text(out).contains("bitaxe-legacy"));
    }

    @Test
    void listsEveryBadArgumentBeforeGivingUp() {
        assertEquals(2, run("--port", "0", "--miners", "x", "--profile", "s21", "--bogus", "1"));
        String e = text(err);
        assertTrue(e.contains("--port: 0"), e);
        assertTrue(e.contains("--miners: x"), e);
        assertTrue(e.contains("--profile: s21"), e);
        assertTrue(e.contains("--bogus: unknown option"), e);
    }

    @Test
    void printsTheVersion() {
        assertEquals(0, run("--version"));
        assertTrue(text(out).startsWith("stratumpool miner-sim "), text(out));
        assertEquals(1, text(out).lines().count(), text(out));
        assertEquals("", text(err));
    }

    @Test
    void anUnknownOptionIsAOneLineErrorBeforeTheUsage() {
        assertEquals(2, run("--nope"));
        String e = text(err);
        assertEquals("--nope: unknown option", e.lines().findFirst().orElseThrow(), e);
        assertTrue(e.lines().skip(1).findFirst().orElseThrow().startsWith("Usage:"), e);
        assertEquals("", text(out));
    }

    @Test
    void runsAFleetForTheGivenDurationAndReports() throws Exception {
        try (FakePool pool = new FakePool()) {
            long start = System.nanoTime();
            int code = run("--port", String.valueOf(pool.port()), "--miners", "3", "--profile", "mixed",
                    "--hashrate", "30000", "--duration", "1.5", "--interval", "0.5", "--hash-threads", "1");
            double seconds = (System.nanoTime() - start) / 1e9;
            String o = text(out);
            assertEquals(0, code, o);
            assertTrue(seconds < 10, "stopped by itself after " + seconds + " s");
            assertTrue(o.contains("hashrate"), o);
            assertTrue(o.contains("final: mining 0/3"), o);
            assertEquals(3, pool.connections().size());
            String allReceived = pool.connections().stream().flatMap(c -> c.received().stream()).toList().toString();
            assertTrue(allReceived.contains("bitaxe/BM1368/v2.9.0b3"), "mixed starts with a Bitaxe");
            assertTrue(allReceived.contains("whatsminer/v1.0"), "and the third miner is a Whatsminer");
        }
    }

    @Test
    void formatsHashrates() {
        assertEquals("999.00 H/s", Main.formatRate(999));
        assertEquals("1.50 MH/s", Main.formatRate(1.5e6));
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private static String text(ByteArrayOutputStream s) {
        return s.toString(StandardCharsets.UTF_8);
    }
}
