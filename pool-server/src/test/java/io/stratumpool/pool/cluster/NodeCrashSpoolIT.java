package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.KafkaBroker;
import io.stratumpool.sim.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Stratum node spooling during a broker outage is killed with SIGKILL: every share it
 * acknowledged from its spool is drained by the next start on the same spool directory and stored
 * in PostgreSQL exactly once.
 */
class NodeCrashSpoolIT {
    private static final int NODE = 12;

    @TempDir
    Path dir;

    @Test
    void sharesAcknowledgedFromTheSpoolSurviveTheNodesKill() throws Exception {
        String topic = "shares-node-crash";
        Path spool = dir.resolve("spool");
        Path out = dir.resolve("appender.out");
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka")); TestStore store = TestStore.postgresql();
                Database db = Database.open(store.config())) {
            broker.createTopic(topic, 1);
            broker.kill();
            Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    SpoolingAppender.class.getName(), broker.bootstrapServers(), topic, spool.toString(),
                    Integer.toString(NODE)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                Waits.until(() -> "2000 acknowledgements from the spool, output:\n" + tail(out), Duration.ofSeconds(40),
                        Duration.ofMillis(50), () -> !node.isAlive() || lines(out, "ACK ").size() >= 2_000);
                assertTrue(node.isAlive(), "the node exited:\n" + tail(out));
                node.destroyForcibly();
                assertTrue(node.waitFor(20, TimeUnit.SECONDS));
            } finally {
                node.destroyForcibly();
            }
            Set<String> acknowledged = Set.copyOf(lines(out, "ACK "));
            assertTrue(lines(out, "FAIL ").isEmpty(), "the spool took every share: " + lines(out, "FAIL "));

            broker.start();
            ClusterConfig config = new ClusterConfig(broker.bootstrapServers(), topic, "node-crash", 2_000,
                    spool.toString(), 64L << 20, null, null, null, null, null);
            try (var restarted = new KafkaShareLedger(config, NODE, 1_000);
                    var consumer = new ShareEventConsumer(config, db).start()) {
                assertTrue(restarted.stats().spooling(), "a node starting with a full spool drains it first");
                Waits.until(() -> "the acknowledged shares in PostgreSQL: " + ShareTable.rows(db) + " rows, "
                        + restarted.stats(), Duration.ofSeconds(40), Duration.ofMillis(100),
                        () -> ShareTable.eventIds(db).containsAll(acknowledged));
                Waits.until(() -> "the spool to drain: " + restarted.stats(), Duration.ofSeconds(20),
                        () -> !restarted.stats().spooling());
                long rows = ShareTable.rows(db);
                System.out.printf("NodeCrashSpoolIT: %d shares acknowledged from the spool before SIGKILL, %d drained"
                        + " after restart, %d rows%n", acknowledged.size(), restarted.stats().drained(), rows);
                assertEquals(rows, ShareTable.distinctEventIds(db), "none twice");
                assertTrue(rows >= acknowledged.size());
                assertTrue(rows - acknowledged.size() <= 100, "at most the chunk in flight at the kill is extra: " + rows);
            }
        }
    }

    private static List<String> lines(Path out, String prefix) {
        try {
            if (!Files.exists(out)) {
                return List.of();
            }
            return Files.readAllLines(out).stream().filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).split(" ")[0]).collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tail(Path out) {
        try {
            String text = Files.exists(out) ? Files.readString(out) : "";
            return text.length() > 3_000 ? "…" + text.substring(text.length() - 3_000) : text;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
