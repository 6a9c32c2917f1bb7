package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockRecordWriter;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.JdbcBlockRepository;
import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.JdbcShareLedger;
import io.stratumpool.pool.ledger.LedgerConfig;
import io.stratumpool.pool.ledger.ShareRecord;
import io.stratumpool.pool.node.config.ConfirmationConfig;
import io.stratumpool.pool.node.config.NodeConfig;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Hash256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many found blocks and confirmations contending for one SQLite file: four threads record found
 * blocks through their lifecycle, the share ledger commits a steady stream of shares, the
 * confirmation tracker follows real blocks of a bcoin chain, and another connection (as another
 * process would) takes the file's write lock for 1.5 s every 3 s: longer than the old one-second
 * busy timeout, which failed with SQLITE_BUSY here. Every connection waits for the lock instead of
 * failing, so no task fails and nothing is lost: every block ends in its final status, every share
 * is stored, and no write even needed a retry.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqliteBlockContentionIT {
    private static final int WRITERS = 4;
    private static final int BLOCKS_PER_WRITER = 150;
    private static final int SHARES = 3_000;
    private static final int CHAIN_BLOCKS = 30;
    private static final long LOCK_HOLD_MILLIS = 1_500;

    @TempDir
    Path dir;

    private final TestKey key = TestKey.fromSeed("SqliteBlockContentionIT");

    @Test
    void foundBlocksConfirmationsAndSharesAllLandWhileTheFileIsWriteLocked() throws Exception {
        try (BcoinNode node = BcoinNode.start("contention");
                Database database = Database.open(LedgerConfig.sqlite(dir.toString()))) {
            List<String> chain = node.generateToAddress(CHAIN_BLOCKS, key.address("rb"));
            JdbcBlockRepository repository = new JdbcBlockRepository(database, Clock.systemUTC());
            NodeConfig config = NodeConfig.of(List.of(node.endpoint())).withConfirmations(new ConfirmationConfig(100L, 10));
            AtomicBoolean contending = new AtomicBoolean(true);
            AtomicInteger locks = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 2);
            try (BlockRecordWriter records = new BlockRecordWriter(repository);
                    JdbcShareLedger ledger = new JdbcShareLedger(database, LedgerConfig.sqlite(dir.toString()));
                    BlockConfirmationTracker tracker = new BlockConfirmationTracker(config, records, NodeRpcListener.NONE,
                            NodeRpcGates.withDefaults())) {
                CompletableFuture<Void> locker = CompletableFuture.runAsync(() -> holdWriteLock(contending, locks), threads);
                // Every writer starts while the file is write-locked, so its first writes must wait for the lock.
                Waits.until("the other connection's first write lock", Duration.ofSeconds(10), () -> locks.get() >= 1);
                for (int h = 1; h <= CHAIN_BLOCKS; h++) { // the chain's blocks as ours, accepted: the tracker confirms them
                    records.found(record(Hash256.fromHexReversed(chain.get(h - 1)), node.getBlockCount() - CHAIN_BLOCKS + h,
                            BlockStatus.ACCEPTED));
                }
                tracker.start();
                List<CompletableFuture<Void>> work = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    work.add(CompletableFuture.supplyAsync(() -> foundBlocks(records, writer), threads).thenCompose(f -> f));
                }
                List<CompletableFuture<Void>> shares = new ArrayList<>();
                for (int i = 0; i < SHARES; i++) {
                    shares.add(ledger.append(new ShareRecord("user" + (i % 7), "rig", 1.0, 1.0, "job", 1, Instant.now(),
                            Hash256.of(new byte[] {(byte) i, (byte) (i >> 8), 3}).bytes(), false)));
                }
                CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                CompletableFuture.allOf(shares.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                awaitConfirmed(repository);
                Waits.until("a second write lock", Duration.ofSeconds(10), () -> locks.get() >= 2);
                contending.set(false);
                locker.get(10, TimeUnit.SECONDS);

                assertTrue(locks.get() >= 2, "the file was write-locked for " + LOCK_HOLD_MILLIS + " ms " + locks + " times");
                assertEquals(0, tracker.failedPasses(), "no confirmation pass failed");
                assertTrue(tracker.passes() > 0);
                assertEquals(0, records.retries(), "every block write waited for the lock instead of failing");
                assertEquals(WRITERS * BLOCKS_PER_WRITER, repository.withStatus(EnumSet.of(BlockStatus.REJECTED)).size()
                        + repository.withStatus(EnumSet.of(BlockStatus.SIBLING)).size(), "every found block in its final status");
                assertEquals(SHARES, ledger.stats().sharesCommitted(), "every share stored");
                assertEquals(0, ledger.stats().failedAttempts(), "no ledger commit failed");
                System.out.printf("[sqlite contention] %d block writes, %d shares, %d confirmation passes, write lock held %d"
                        + " times for %d ms: no failure, no retry%n", records.written(), SHARES, tracker.passes(), locks.get(),
                        LOCK_HOLD_MILLIS);
            } finally {
                contending.set(false);
                threads.shutdownNow();
            }
        }
    }

    /** One writer's blocks: found, submitted, then a final status (as submission does), all through the shared writer. */
    private static CompletableFuture<Void> foundBlocks(BlockRecordWriter records, int writer) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < BLOCKS_PER_WRITER; i++) {
            Hash256 hash = Hash256.of(new byte[] {(byte) writer, (byte) i, (byte) (i >> 8), 7});
            boolean sibling = i % 3 == 0;
            // Far above the chain: the tracker leaves them alone.
            records.found(record(hash, 1_000_000 + i, sibling ? BlockStatus.SIBLING : BlockStatus.FOUND));
            if (!sibling) {
                records.status(hash, BlockStatus.SUBMITTED, null, 0);
                done.add(records.status(hash, BlockStatus.REJECTED, "test", 0));
            } else {
                done.add(CompletableFuture.completedFuture(null));
            }
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    private static BlockRecord record(Hash256 hash, long height, BlockStatus status) {
        Instant now = Instant.now();
        return new BlockRecord(hash, height, Hash256.of(new byte[] {1}), "alice", "rig", 1.0, 1.0, 5_000_000_000L, status,
                null, 0, now, now);
    }

    /** Another writer on the same file, as another process would be: BEGIN IMMEDIATE, hold, commit, again. */
    private void holdWriteLock(AtomicBoolean contending, AtomicInteger locks) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            while (contending.get()) {
                s.execute("BEGIN IMMEDIATE");
                locks.incrementAndGet();
                Thread.sleep(LOCK_HOLD_MILLIS);
                s.execute("COMMIT");
                Thread.sleep(LOCK_HOLD_MILLIS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("lock holder failed", e);
        }
    }

    private static void awaitConfirmed(JdbcBlockRepository repository) throws InterruptedException {
        Waits.until("confirmations of the chain's blocks", Duration.ofSeconds(30),
                () -> repository.withStatus(EnumSet.of(BlockStatus.CONFIRMED)).size() >= CHAIN_BLOCKS - 9);
    }
}
