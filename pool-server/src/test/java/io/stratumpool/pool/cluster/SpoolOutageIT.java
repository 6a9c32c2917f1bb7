package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.InMemoryBlockRepository;
import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.LedgerRejectedException;
import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.ledger.Shares;
import io.stratumpool.pool.ledger.TestStore;
import io.stratumpool.pool.testing.KafkaBroker;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Hash256;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker is killed; Stratum nodes keep acknowledging shares from their local spools (a small
 * spool fills up and refuses the rest, counted), and after the broker returns the spools drain in
 * order: every acknowledged share ends up in PostgreSQL exactly once, no refused one does.
 */
class SpoolOutageIT {
    @TempDir
    Path dir;

    @Test
    void sharesAcknowledgedFromTheSpoolDuringAnOutageReachPostgresExactlyOnce() throws Exception {
        String topic = "shares-spool";
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
                TestStore store = TestStore.postgresql(); Database db = Database.open(store.config())) {
            broker.createTopic(topic, 1);
            ClusterConfig base = new ClusterConfig(broker.bootstrapServers(), topic, "spool-it", 2_000, null, null, null, null, null, null, null);
            Set<String> acknowledged = new HashSet<>();
            Set<String> refused = new HashSet<>();
            try (var big = new KafkaShareLedger(base.withSpool(dir.resolve("spool1").toString(), 16 << 20), 1, 20_000);
                    var small = new KafkaShareLedger(base.withSpool(dir.resolve("spool2").toString(), 20_000), 2, 20_000);
                    var consumer = new ShareEventConsumer(base, db).start()) {
                appendAll(big, 1, 500, acknowledged, refused);
                assertEquals(500, big.stats().acknowledged(), "sent straight to Kafka while it is up");
                appendAll(small, 2, 20, acknowledged, refused);

                broker.kill();
                long downAt = System.nanoTime();
                appendAll(big, 1, 2_000, acknowledged, refused);
                appendAll(small, 2, 400, acknowledged, refused);
                // A block found during the outage: submitted at once elsewhere, its record spooled with the shares.
                var nodeBlocks = new PublishingBlockRepository(new InMemoryBlockRepository(Clock.systemUTC()), big);
                Hash256 blockHash = Hash256.wrap(Shares.uniqueHash());
                nodeBlocks.found(new BlockRecord(blockHash, 101, Hash256.wrap(new byte[32]), "user1", "rig", 8, 0.01,
                        312_500_000L, BlockStatus.FOUND, null, 0, Instant.now(), Instant.now()));
                nodeBlocks.updateStatus(blockHash, BlockStatus.ACCEPTED, null, 1);
                Waits.until(() -> "both block records in the spool: " + big.stats(), Duration.ofSeconds(20),
                        () -> big.stats().blocksPublished() == 2);
                assertTrue(big.stats().spoolRecords() >= 2_002, "the spool holds shares and block records: " + big.stats());
                double outageSeconds = (System.nanoTime() - downAt) / 1e9;
                assertTrue(big.stats().spooling(), "the node spools while the broker is away");
                assertEquals(2_000, big.stats().spooled(), "every share appended during the outage was spooled");
                assertTrue(small.stats().spoolRejectedFull() > 0, "the small spool filled up: " + small.stats());
                assertEquals(small.stats().spoolRejectedFull(), refused.size(), "each refusal failed its append");

                broker.start();
                Waits.until(() -> "the spools to drain: " + big.stats() + " / " + small.stats(), Duration.ofSeconds(40),
                        () -> !big.stats().spooling() && !small.stats().spooling());
                Waits.until(() -> "every acknowledged share in PostgreSQL, rows " + ShareTable.rows(db),
                        Duration.ofSeconds(40), Duration.ofMillis(100),
                        () -> ShareTable.eventIds(db).containsAll(acknowledged));
                Set<String> stored = ShareTable.eventIds(db);
                System.out.printf("SpoolOutageIT: %d acknowledged (%d + %d spooled during a %.1f s outage), %d refused"
                        + " by the full spool, %d drained, %d rows%n", acknowledged.size(), big.stats().spooled(),
                        small.stats().spooled(), outageSeconds, refused.size(),
                        big.stats().drained() + small.stats().drained(), ShareTable.rows(db));
                assertEquals(acknowledged, stored, "exactly the acknowledged shares are stored");
                Waits.until(() -> "the spooled block in PostgreSQL: " + consumer.stats(), Duration.ofSeconds(20),
                        Duration.ofMillis(100), () -> "ACCEPTED".equals(blockStatus(db, blockHash)));
                assertEquals(0, big.stats().spoolRecords(), "drained");
                assertEquals(ShareTable.rows(db), ShareTable.distinctEventIds(db), "none twice");
                assertEquals(big.stats().spooled(), big.stats().drained());
                assertEquals(0, big.stats().spoolBytes());
                appendAll(big, 1, 10, acknowledged, refused);
                assertEquals(510, big.stats().acknowledged(), "after draining the node sends straight to Kafka again");
                assertFalse(big.stats().spooling());
            }
        }
    }

    private static String blockStatus(Database db, Hash256 hash) {
        return db.query(c -> {
            try (var ps = c.prepareStatement("SELECT status FROM blocks WHERE hash = ?")) {
                ps.setString(1, hash.toHexReversed());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private static void appendAll(KafkaShareLedger ledger, int node, int count, Set<String> acknowledged,
            Set<String> refused) throws Exception {
        List<ShareRecord> shares = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ShareRecord s = Shares.share("user" + (i % 3), "rig", 8, Instant.now());
            shares.add(s);
            acks.add(ledger.append(s));
        }
        for (int i = 0; i < count; i++) {
            String id = ShareEvent.of(node, shares.get(i)).id();
            try {
                acks.get(i).get(10, TimeUnit.SECONDS);
                acknowledged.add(id);
            } catch (ExecutionException e) {
                var rejected = assertInstanceOf(LedgerRejectedException.class, e.getCause(), "only a full spool refuses");
                assertEquals(LedgerRejectedException.Reason.QUEUE_FULL, rejected.reason());
                refused.add(id);
            }
        }
    }
}
