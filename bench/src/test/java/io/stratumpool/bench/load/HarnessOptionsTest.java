package io.stratumpool.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load harness's command line: the defaults behind BENCHMARKS.md, overrides, --version and --help. */
class HarnessOptionsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void defaultsReproduceBenchmarksMd() {
        HarnessOptions o = parse();
        assertEquals(List.of("connections", "floor", "submits"), o.phases());
        assertEquals(19_000, o.connections());
        assertEquals(10, o.fanoutRounds());
        assertEquals(2_000, o.submitConnections());
        assertEquals(32, o.window());
        assertEquals(8, o.durableWindow());
        assertEquals(10, o.warmupSeconds());
        assertEquals(20, o.measureSeconds());
        assertEquals(List.of("memory", "sqlite"), o.ledgers());
        assertEquals(2, o.ioThreads());
        assertEquals(0, o.poolThreads());
        assertEquals(List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"), o.poolJvm());
        assertEquals(4_000, o.perSource());
        assertEquals(500, o.maxPending());
        assertEquals(List.of(), o.poolSets());
        assertEquals(Path.of("bench/target/load-results.md"), o.out());
        assertEquals(1_000, o.wireConnections());
        assertEquals("memory", o.wireLedger());
        assertEquals(2, o.wireRounds());
        assertEquals("auto", o.floorTransport());
        assertEquals(List.of("auto"), o.transports());
        assertEquals(2, o.fanoutRepeats());
        assertNull(o.baselineClasspath());
        assertEquals(2, o.nodes());
        assertEquals(List.of(2_000, 10_000), o.rates());
        assertNull(o.kafka());
        assertNull(o.accountingMetrics());
        assertEquals(300_000, o.drainShares());
    }

    @Test
    void clusterOptions() {
        HarnessOptions o = parse("--phases", "latency,drain", "--nodes", "3", "--rates", "2000,5000,10000",
                "--kafka", "127.0.0.1:9092", "--accounting-metrics", "http://127.0.0.1:18090/metrics",
                "--drain-shares", "1000");
        assertEquals(List.of("latency", "drain"), o.phases());
        assertEquals(3, o.nodes());
        assertEquals(List.of(2_000, 5_000, 10_000), o.rates());
        assertEquals("127.0.0.1:9092", o.kafka());
        assertEquals("http://127.0.0.1:18090/metrics", o.accountingMetrics());
        assertEquals(1_000, o.drainShares());
    }

    @Test
    void fanoutComparisonOptions() {
        HarnessOptions o = parse("--phases", "fanout", "--transports", "epoll,io_uring", "--fanout-repeats", "3",
                "--baseline-classpath", "/tmp/main.jar", "--floor-transport", "io_uring");
        assertEquals(List.of("fanout"), o.phases());
        assertEquals(List.of("epoll", "io_uring"), o.transports());
        assertEquals(3, o.fanoutRepeats());
        assertEquals("/tmp/main.jar", o.baselineClasspath());
        assertEquals("io_uring", o.floorTransport());
    }

    @Test
    void overridesAndRepeatedSets() {
        HarnessOptions o = parse("--connections", "500", "--ledgers", "memory,postgresql", "--pool-jvm", "-Xms1g -Xmx1g",
                "--set", "a.b=1", "--set", "c=2", "--out", "x.md");
        assertEquals(500, o.connections());
        assertEquals(List.of("memory", "postgresql"), o.ledgers());
        assertEquals(List.of("-Xms1g", "-Xmx1g"), o.poolJvm());
        assertEquals(List.of("a.b=1", "c=2"), o.poolSets());
        assertEquals(Path.of("x.md"), o.out());
        assertEquals(10, o.fanoutRounds());
    }

    @Test
    void printsTheVersion() {
        assertNull(parse("--version"));
        assertTrue(text().startsWith("stratumpool load-harness "), text());
        assertEquals(1, text().lines().count(), text());
    }

    @Test
    void printsHelp() {
        assertNull(parse("--help"));
        assertTrue(text().contains("--durable-window N"), text());
    }

    @Test
    void errorsKeepTheirWording() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> parse("--bogus", "1"));
        assertTrue(unknown.getMessage().startsWith("unknown option --bogus\nUsage: LoadHarness"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> parse("--window"));
        assertTrue(missing.getMessage().startsWith("--window needs a value\n"), missing.getMessage());
        assertThrows(NumberFormatException.class, () -> parse("--window", "x"));
    }

    private HarnessOptions parse(String... args) {
        return HarnessOptions.parse(args, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
