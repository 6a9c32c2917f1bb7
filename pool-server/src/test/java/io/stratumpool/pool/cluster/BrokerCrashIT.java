package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.ledger.Shares;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.KafkaBroker;
import io.stratumpool.sim.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker is killed with SIGKILL while shares are being appended and started again: every append
 * either completed (then its share is in PostgreSQL exactly once) or failed; none hangs, no row
 * comes from nowhere, none is stored twice.
 */
class BrokerCrashIT {
    private static final int NODE = 9;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedShareSurvivesABrokerKillExactlyOnce() throws Exception {
        String topic = "shares-crash";
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
                TestStore store = TestStore.postgresql(); Database db = Database.open(store.config())) {
            broker.createTopic(topic, 1);
            ClusterConfig config = new ClusterConfig(broker.bootstrapServers(), topic, "crash-it", 3_000, null, null, null, null, null, null, null);
            try (KafkaShareLedger ledger = new KafkaShareLedger(config, NODE, 20_000);
                    ShareEventConsumer consumer = new ShareEventConsumer(config, db).start()) {
                AtomicBoolean stop = new AtomicBoolean();
                CompletableFuture<Void> producing = CompletableFuture.runAsync(
                        () -> produce(ledger, stop, acknowledged, failed));
                Waits.until("shares acknowledged before the kill", Duration.ofSeconds(20), () -> acknowledged.size() >= 1_000);
                broker.kill();
                int ackedAtKill = acknowledged.size();
                Thread.sleep(1_000);
                broker.start();
                int ackedAtRestart = acknowledged.size();
                Waits.until("shares acknowledged after the restart", Duration.ofSeconds(30),
                        () -> acknowledged.size() >= ackedAtRestart + 1_000);
                stop.set(true);
                producing.get(30, TimeUnit.SECONDS);

                Waits.until(() -> "every acknowledged share in PostgreSQL: " + ShareTable.rows(db) + " rows, "
                        + acknowledged.size() + " acknowledged, " + consumer.stats(),
                        Duration.ofSeconds(40), Duration.ofMillis(100),
                        () -> ShareTable.eventIds(db).containsAll(acknowledged));
                Set<String> stored = ShareTable.eventIds(db);
                Set<String> failedButStored = new HashSet<>(failed);
                failedButStored.retainAll(stored);
                System.out.printf("BrokerCrashIT: %d acknowledged (%d before the kill, %d by the restart), %d failed"
                        + " (%d of them stored anyway), %d rows%n", acknowledged.size(), ackedAtKill, ackedAtRestart,
                        failed.size(), failedButStored.size(), ShareTable.rows(db));
                assertTrue(ackedAtRestart >= ackedAtKill);
                assertEquals(ShareTable.rows(db), ShareTable.distinctEventIds(db), "no share stored twice");
                Set<String> fromNowhere = new HashSet<>(stored);
                fromNowhere.removeAll(acknowledged);
                fromNowhere.removeAll(failed);
                assertEquals(Set.of(), fromNowhere, "rows for shares never appended");
            }
        }
    }

    /** Appends in chunks of 50 until told to stop; each future must settle within the ack timeout plus slack. */
    private static void produce(KafkaShareLedger ledger, AtomicBoolean stop, Set<String> acknowledged, Set<String> failed) {
        while (!stop.get()) {
            List<ShareRecord> shares = new ArrayList<>();
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ShareRecord s = Shares.share("user" + (i % 5), "rig", 4, Instant.now());
                shares.add(s);
                acks.add(ledger.append(s));
            }
            for (int i = 0; i < shares.size(); i++) {
                String id = ShareEvent.of(NODE, shares.get(i)).id();
                try {
                    acks.get(i).get(10, TimeUnit.SECONDS);
                    acknowledged.add(id);
                } catch (ExecutionException e) {
                    failed.add(id);
                } catch (Exception hung) {
                    throw new AssertionError("an append neither completed nor failed within 10 s", hung);
                }
            }
        }
    }
}
