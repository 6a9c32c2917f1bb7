package io.stratumpool.pool.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratumpool.pool.ledger.LedgerStoreException;
import io.stratumpool.validator.Hash256;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Block records survive a store that refuses writes for a while: retried, in order, none lost. */
class BlockRecordWriterTest {
    /** An in-memory repository whose next writes fail as a busy SQLite file does. */
    private static final class BusyAtFirst implements BlockRepository {
        final InMemoryBlockRepository store = new InMemoryBlockRepository(Clock.systemUTC());
        final AtomicInteger busyWrites;

        BusyAtFirst(int busyWrites) {
            this.busyWrites = new AtomicInteger(busyWrites);
        }

        private void maybeBusy() {
            if (busyWrites.getAndDecrement() > 0) {
                throw new LedgerStoreException("ledger query failed: [SQLITE_BUSY] The database file is locked", null);
            }
        }

        @Override
        public void found(BlockRecord block) {
            maybeBusy();
            store.found(block);
        }

        @Override
        public void updateStatus(Hash256 hash, BlockStatus status, String reason, int confirmations) {
            maybeBusy();
            store.updateStatus(hash, status, reason, confirmations);
        }

        @Override
        public Optional<BlockRecord> find(Hash256 hash) {
            return store.find(hash);
        }

        @Override
        public List<BlockRecord> withStatus(Collection<BlockStatus> statuses) {
            return store.withStatus(statuses);
        }

        @Override
        public List<BlockRecord> recent(int limit) {
            return store.recent(limit);
        }
    }

    @Test
    void writesTheStoreRefusedAreRetriedInOrderUntilTaken() throws Exception {
        BusyAtFirst repository = new BusyAtFirst(3);
        Hash256 hash = Hash256.of(new byte[] {9});
        Instant now = Instant.now();
        try (BlockRecordWriter writer = new BlockRecordWriter(repository)) {
            writer.found(new BlockRecord(hash, 7, Hash256.of(new byte[] {8}), "alice", "rig", 1, 1, 50, BlockStatus.FOUND,
                    null, 0, now, now));
            writer.status(hash, BlockStatus.SUBMITTED, null, 0);
            CompletableFuture<Void> last = writer.status(hash, BlockStatus.ACCEPTED, null, 1);
            last.get(10, TimeUnit.SECONDS);
            assertEquals(BlockStatus.ACCEPTED, repository.find(hash).orElseThrow().status(), "applied in order");
            assertEquals(3, writer.retries());
            assertEquals(3, writer.written());
        }
    }
}
