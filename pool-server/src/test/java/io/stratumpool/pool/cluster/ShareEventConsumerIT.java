package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.InMemoryBlockRepository;
import io.stratumpool.pool.ledger.Database;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stratum side to PostgreSQL through a real broker, exactly once: the consumer is stopped and a new
 * one started while shares keep arriving, and afterwards every acknowledged share is one row.
 */
class ShareEventConsumerIT {
    private static final int SHARES = 6_000;
    private static final int NODE = 3;

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void sharesReachPostgresExactlyOnceAcrossAConsumerRestartMidStream() throws Exception {
        String topic = "shares-exactly-once";
        broker.createTopic(topic, 3);
        ClusterConfig config = new ClusterConfig(broker.bootstrapServers(), topic, "accounting-it", 10_000, null, null, null, null, null, null, null);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (TestStore store = TestStore.postgresql(); Database db = Database.open(store.config());
                KafkaShareLedger ledger = new KafkaShareLedger(config, NODE, 20_000)) {
            long started = System.nanoTime();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(ledger, acknowledged));

            var first = new ShareEventConsumer(config, db).start();
            Waits.until(() -> "the first consumer to store 1500 shares, has " + ShareTable.rows(db),
                    Duration.ofSeconds(40), Duration.ofMillis(50), () -> ShareTable.rows(db) >= 1_500);
            first.close();
            long atStop = ShareTable.rows(db);
            long offsetsAtStop = storedOffsets(db, config);
            assertEquals(atStop, offsetsAtStop, "rows and stored offsets are committed together");

            producing.get(40, TimeUnit.SECONDS);
            assertEquals(SHARES, acknowledged.size(), "every append acknowledged");
            var second = new ShareEventConsumer(config, db).start();
            Waits.until(() -> "the second consumer to catch up, rows " + ShareTable.rows(db),
                    Duration.ofSeconds(40), Duration.ofMillis(50), () -> ShareTable.rows(db) >= SHARES);
            second.close();
            double seconds = (System.nanoTime() - started) / 1e9;

            long rows = ShareTable.rows(db);
            System.out.printf("ShareEventConsumerIT: %d acknowledged, %d rows (first consumer stored %d before"
                    + " it stopped, second %d events), %d distinct event ids, %.1f s end to end (%.0f shares/s)%n",
                    acknowledged.size(), rows, atStop, second.stats().events(), ShareTable.distinctEventIds(db),
                    seconds, SHARES / seconds);
            assertEquals(SHARES, rows, "no duplicates, no gaps");
            assertEquals(rows, ShareTable.distinctEventIds(db));
            assertEquals(acknowledged, ShareTable.eventIds(db));
            assertEquals(SHARES, storedOffsets(db, config));
            assertEquals(SHARES - atStop, second.stats().events(), "the second consumer began where the first stopped");

            // Offsets lost (never happens: they commit with the rows) would replay everything: ids keep it single.
            db.query(c -> c.createStatement().executeUpdate("DELETE FROM kafka_offsets"));
            var replay = new ShareEventConsumer(config, db).start();
            Waits.until(() -> "the replaying consumer to read everything, " + replay.stats(),
                    Duration.ofSeconds(30), Duration.ofMillis(50), () -> replay.stats().events() >= SHARES);
            replay.close();
            assertEquals(SHARES, ShareTable.rows(db), "a replayed event is not stored twice");
            assertEquals(0, replay.stats().newShares(),
                    "no replayed share is new, so listeners (the hashrate) are not told about it again");
            assertEquals(SHARES - atStop, second.stats().newShares());
        }
    }

    @Test
    void foundBlocksReachPostgresOnceWithTheirLatestStatusWhateverIsRepeated() throws Exception {
        ClusterConfig config = new ClusterConfig(broker.bootstrapServers(), "shares-with-blocks", "blocks-it", 10_000,
                null, null, null, "blocks-it", null, null, null);
        Clock frozen = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        try (TestStore store = TestStore.postgresql(); Database db = Database.open(store.config());
                KafkaShareLedger ledger = new KafkaShareLedger(config, NODE, 1_000)) {
            var node = new PublishingBlockRepository(new InMemoryBlockRepository(frozen), ledger);
            BlockRecord first = block(1, frozen);
            BlockRecord second = block(2, frozen);
            // Every change within the same millisecond: each published record must still supersede the last.
            node.found(first);
            node.updateStatus(first.hash(), BlockStatus.SUBMITTED, null, 0);
            node.updateStatus(first.hash(), BlockStatus.ACCEPTED, null, 1);
            node.found(second);
            node.updateStatus(second.hash(), BlockStatus.SUBMITTED, null, 0);
            node.updateStatus(second.hash(), BlockStatus.REJECTED, "bad-txnmrklroot", 0);
            node.found(first); // the submitter's "found" again (a retry): no change to publish a step back
            ledger.publishBlock(first).get(10, TimeUnit.SECONDS); // a stale record (FOUND, older) arrives late
            try (var consumer = new ShareEventConsumer(config, db).start()) {
                Waits.until(() -> "the block events stored: " + consumer.stats(), Duration.ofSeconds(30),
                        Duration.ofMillis(50), () -> consumer.stats().blockEvents() >= 8);
                Map<String, String> status = blockStatus(db);
                System.out.printf("ShareEventConsumerIT: %d block events for 2 blocks -> %s, lag %s%n",
                        consumer.stats().blockEvents(), status, consumer.stats().lagByTopic());
                assertEquals(Map.of(first.hash().toHexReversed(), "ACCEPTED", second.hash().toHexReversed(), "REJECTED"),
                        status, "one row per block, at its newest status");
                assertEquals(0, consumer.stats().lag(), "nothing left to consume");
            }
            try (var replay = new ShareEventConsumer(config.withConsumerGroup("blocks-replay"), db).start()) {
                Waits.until(() -> "a second group replaying every block event: " + replay.stats(),
                        Duration.ofSeconds(30), Duration.ofMillis(50), () -> replay.stats().blockEvents() >= 8);
                assertEquals(2, blockStatus(db).size(), "replayed block events add no row");
                assertEquals("ACCEPTED", blockStatus(db).get(first.hash().toHexReversed()), "nor move a status back");
            }
        }
    }

    private static BlockRecord block(int n, Clock clock) {
        Hash256 hash = Hash256.wrap(Shares.uniqueHash());
        return new BlockRecord(hash, 100 + n, Hash256.wrap(new byte[32]), "alice", "rig" + n, 0.5, 0.01, 312_500_000L,
                BlockStatus.FOUND, null, 0, clock.instant(), clock.instant());
    }

    private static Map<String, String> blockStatus(Database db) {
        return db.query(c -> {
            Map<String, String> out = new java.util.HashMap<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT hash, status FROM blocks")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    @Test
    void aStoreThatRefusesWritesIsRetriedFromTheStoredOffsetsWithoutGaps() throws Exception {
        String topic = "shares-store-down";
        broker.createTopic(topic, 1);
        ClusterConfig config = new ClusterConfig(broker.bootstrapServers(), topic, "store-down-it", 10_000, null, null, null, null, null, null, null);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (TestStore store = TestStore.postgresql(); Database db = Database.open(store.config());
                KafkaShareLedger ledger = new KafkaShareLedger(config, NODE, 20_000);
                ShareEventConsumer consumer = new ShareEventConsumer(config, db).start()) {
            appendChunks(ledger, 5, acknowledged);
            Waits.until("the first 1000 rows", Duration.ofSeconds(30), () -> ShareTable.rows(db) >= 1_000);
            long failuresBefore;
            try (AutoCloseable refused = store.refuseWrites()) {
                failuresBefore = consumer.stats().failedAttempts();
                appendChunks(ledger, 10, acknowledged);
                Waits.until("the consumer to hit the refusing store", Duration.ofSeconds(20),
                        () -> consumer.stats().failedAttempts() > failuresBefore);
                assertEquals(1_000, ShareTable.rows(db), "nothing stored while writes are refused");
            }
            Waits.until(() -> "all 3000 rows after the store returned, " + consumer.stats(), Duration.ofSeconds(30),
                    Duration.ofMillis(50), () -> ShareTable.rows(db) >= 3_000);
            System.out.printf("ShareEventConsumerIT: store outage: %d failed attempts, %d rows, %d distinct ids%n",
                    consumer.stats().failedAttempts(), ShareTable.rows(db), ShareTable.distinctEventIds(db));
            assertEquals(3_000, ShareTable.rows(db));
            assertEquals(acknowledged, ShareTable.eventIds(db), "no gap, no duplicate");
            assertEquals(3_000, storedOffsets(db, config));
        }
    }

    private static void appendChunks(KafkaShareLedger ledger, int chunks, Set<String> acknowledged) {
        for (int chunk = 0; chunk < chunks; chunk++) {
            List<ShareRecord> shares = new ArrayList<>();
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ShareRecord s = Shares.share("user" + (i % 7), "rig", 2, Instant.now());
                shares.add(s);
                acks.add(ledger.append(s));
            }
            for (int i = 0; i < shares.size(); i++) {
                acks.get(i).join();
                acknowledged.add(ShareEvent.of(NODE, shares.get(i)).id());
            }
        }
    }

    @Test
    void onSqliteAReplayedEventIsNeitherStoredTwiceNorCountedAsNew() throws Exception {
        String topic = "shares-sqlite";
        broker.createTopic(topic, 2);
        ClusterConfig config = new ClusterConfig(broker.bootstrapServers(), topic, "sqlite-it", 10_000, null, null, null,
                "sqlite-it-blocks", null, null, null);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (TestStore store = TestStore.sqlite(dir.resolve("sqlite")); Database db = Database.open(store.config());
                KafkaShareLedger ledger = new KafkaShareLedger(config, NODE, 20_000)) {
            produce(ledger, acknowledged);
            var first = new ShareEventConsumer(config, db).start();
            Waits.until(() -> "the consumer to store every share, rows " + ShareTable.rows(db), Duration.ofSeconds(40),
                    Duration.ofMillis(50), () -> ShareTable.rows(db) >= SHARES);
            first.close();
            db.query(c -> c.createStatement().executeUpdate("DELETE FROM kafka_offsets"));
            var replay = new ShareEventConsumer(config, db).start();
            Waits.until(() -> "the replaying consumer to read everything, " + replay.stats(),
                    Duration.ofSeconds(30), Duration.ofMillis(50), () -> replay.stats().events() >= SHARES);
            replay.close();
            System.out.printf("ShareEventConsumerIT (SQLite): %d acknowledged, %d rows, %d new then, %d new on replay%n",
                    acknowledged.size(), ShareTable.rows(db), first.stats().newShares(), replay.stats().newShares());
            assertEquals(SHARES, ShareTable.rows(db), "a replayed event is not stored twice");
            assertEquals(acknowledged, ShareTable.eventIds(db));
            assertEquals(SHARES, first.stats().newShares());
            assertEquals(0, replay.stats().newShares(), "no replayed share is told to listeners again");
        }
    }

    @Test
    void aBatchStartingBeforeTheStoredOffsetIsRefusedSoTwoOwnersOfAPartitionCannotBothStoreIt() throws Exception {
        var partition = new org.apache.kafka.common.TopicPartition("fenced", 0);
        try (TestStore store = TestStore.postgresql(); Database db = Database.open(store.config())) {
            boolean fresh = db.inTransaction(c -> ShareEventRows.claimOffsets(c, "g", Map.of(partition, 0L), true));
            db.inTransaction(c -> {
                ShareEventRows.saveOffsets(c, "g", Map.of(partition, 100L));
                return null;
            });
            boolean behind = db.inTransaction(c -> ShareEventRows.claimOffsets(c, "g", Map.of(partition, 40L), true));
            boolean atStored = db.inTransaction(c -> ShareEventRows.claimOffsets(c, "g", Map.of(partition, 100L), true));
            boolean pastGap = db.inTransaction(c -> ShareEventRows.claimOffsets(c, "g", Map.of(partition, 102L), true));
            boolean otherGroup = db.inTransaction(c -> ShareEventRows.claimOffsets(c, "h", Map.of(partition, 0L), true));
            assertTrue(fresh, "a partition never stored is free");
            assertEquals(false, behind, "another consumer stored up to 100: a batch from 40 is a stale owner's");
            assertTrue(atStored, "the batch that starts where the stored offset stands");
            assertTrue(pastGap, "a gap (transaction markers) after the stored offset is fine");
            assertTrue(otherGroup, "offsets are per group");
        }
    }

    private static long storedOffsets(Database db, ClusterConfig config) {
        return db.query(c -> {
            try (var ps = c.prepareStatement("SELECT COALESCE(SUM(next_offset), 0) FROM kafka_offsets"
                    + " WHERE consumer_group = ? AND topic = ?")) {
                ps.setString(1, config.consumerGroup());
                ps.setString(2, config.sharesTopic());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Appends in chunks, like many miners at once, and remembers the ids the broker acknowledged. */
    private static void produce(KafkaShareLedger ledger, Set<String> acknowledged) {
        for (int chunk = 0; chunk < SHARES / 200; chunk++) {
            List<ShareRecord> shares = new ArrayList<>();
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ShareRecord s = Shares.share("user" + (i % 7), "rig" + (i % 4), 2, Instant.now());
                shares.add(s);
                acks.add(ledger.append(s));
            }
            for (int i = 0; i < shares.size(); i++) {
                acks.get(i).join();
                acknowledged.add(ShareEvent.of(NODE, shares.get(i)).id());
            }
        }
    }
}
