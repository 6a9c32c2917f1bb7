package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.LedgerConfig;
import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.ledger.Shares;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.KafkaBroker;
import io.stratumpool.sim.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounting role in a JVM of its own ({@code Main --role accounting}), killed with SIGKILL twice
 * while it stores a backlog of share events, and started again: at each kill the stored rows equal
 * the stored offsets (they commit together), and at the end every acknowledged share is one row.
 */
class AccountingCrashIT {
    private static final int SHARES = 20_000;
    private static final int NODE = 4;

    @TempDir
    Path dir;

    @Test
    void accountingKilledMidStreamResumesExactlyOnce() throws Exception {
        String topic = "shares-accounting-crash";
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka")); TestStore store = TestStore.postgresql()) {
            broker.createTopic(topic, 2);
            ClusterConfig config = new ClusterConfig(broker.bootstrapServers(), topic, null, 10_000, null, null, null, null, null, null, null);
            Set<String> acknowledged = produce(config);
            LedgerConfig pg = store.config();
            List<String> args = List.of("--role", "accounting", "--kafka", broker.bootstrapServers(),
                    "--set", "cluster.sharesTopic=" + topic, "--set", "ledger.store=postgresql",
                    "--set", "ledger.url=" + pg.url(), "--set", "ledger.user=" + pg.user(),
                    "--set", "ledger.password=" + pg.password(), "--set", "ledger.schema=" + pg.schema(),
                    "--data-dir", dir.resolve("data").toString());
            long started = System.nanoTime();
            Process accounting = start(args, 1);
            try (Database db = Database.open(pg)) {
                for (int kill = 1; kill <= 2; kill++) {
                    long target = kill * 5_000L;
                    Process p = accounting;
                    int incarnation = kill;
                    Waits.until(() -> "accounting " + incarnation + " to store " + target + " rows, has "
                            + ShareTable.rows(db) + ":\n" + log(incarnation), Duration.ofSeconds(40),
                            Duration.ofMillis(20), () -> !p.isAlive() || ShareTable.rows(db) >= target);
                    assertTrue(p.isAlive(), "accounting exited:\n" + log(kill));
                    p.destroyForcibly();
                    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                    long rows = ShareTable.rows(db);
                    System.out.printf("AccountingCrashIT: kill %d at %d rows%n", kill, rows);
                    assertEquals(rows, storedOffsets(db, topic), "rows and offsets commit together");
                    assertTrue(rows < SHARES, "killed mid-stream, not after the end");
                    accounting = start(args, kill + 1);
                }
                Process last = accounting;
                Waits.until(() -> "the last accounting process to store everything, has " + ShareTable.rows(db)
                        + ":\n" + log(3), Duration.ofSeconds(40), Duration.ofMillis(50),
                        () -> !last.isAlive() || ShareTable.rows(db) >= SHARES);
                double seconds = (System.nanoTime() - started) / 1e9;
                long rows = ShareTable.rows(db);
                System.out.printf("AccountingCrashIT: %d acknowledged, %d rows, %d distinct ids after two kills,"
                        + " %.1f s for three accounting processes%n", acknowledged.size(), rows,
                        ShareTable.distinctEventIds(db), seconds);
                assertEquals(SHARES, rows, "no gap, no duplicate");
                assertEquals(acknowledged, ShareTable.eventIds(db));
                assertEquals(SHARES, storedOffsets(db, topic));
            } finally {
                accounting.destroyForcibly();
                accounting.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private Set<String> produce(ClusterConfig config) throws Exception {
        Set<String> ids = new HashSet<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        long started = System.nanoTime();
        // In chunks of 2000 with a 30 s ack timeout: on this shared machine a single burst of 20000 once
        // outlived a 10 s timeout (correctly failed by the ledger, but this test needs them all stored).
        try (var ledger = new KafkaShareLedger(config.withAckTimeoutMillis(30_000), NODE, SHARES)) {
            for (int i = 0; i < SHARES; i++) {
                ShareRecord s = Shares.share("user" + (i % 11), "rig" + (i % 3), 16, Instant.now());
                acks.add(ledger.append(s));
                ids.add(ShareEvent.of(NODE, s).id());
                if (acks.size() == 2_000) {
                    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
                    acks.clear();
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("AccountingCrashIT: %d shares appended and acknowledged in %.2f s (%.0f shares/s)%n",
                SHARES, seconds, SHARES / seconds);
        return ids;
    }

    private Process start(List<String> args, int incarnation) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.stratumpool.pool.Main"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("accounting-" + incarnation + ".log").toFile()).start();
        return p;
    }

    private String log(int incarnation) {
        try {
            Path f = dir.resolve("accounting-" + incarnation + ".log");
            String text = Files.exists(f) ? Files.readString(f) : "(no log)";
            return text.length() > 4_000 ? "…" + text.substring(text.length() - 4_000) : text;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static long storedOffsets(Database db, String topic) {
        return db.query(c -> {
            try (var ps = c.prepareStatement("SELECT COALESCE(SUM(next_offset), 0) FROM kafka_offsets WHERE topic = ?")) {
                ps.setString(1, topic);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
