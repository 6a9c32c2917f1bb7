package io.stratumpool.pool.block;

import io.stratumpool.validator.Hash256;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link BlockRepository} held in memory: for the sandbox chain and tests without a database. */
public final class InMemoryBlockRepository implements BlockRepository {
    private final Map<Hash256, BlockRecord> blocks = new LinkedHashMap<>();
    private final Clock clock;

    public InMemoryBlockRepository(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void found(BlockRecord block) {
        blocks.putIfAbsent(block.hash(), block);
    }

    @Override
    public synchronized void updateStatus(Hash256 hash, BlockStatus status, String reason, int confirmations) {
        blocks.computeIfPresent(hash, (h, b) -> b.withStatus(status, reason, confirmations, clock.instant()));
    }

    @Override
    public synchronized Optional<BlockRecord> find(Hash256 hash) {
        return Optional.ofNullable(blocks.get(hash));
    }

    @Override
    public synchronized List<BlockRecord> withStatus(Collection<BlockStatus> statuses) {
        return blocks.values().stream().filter(b -> statuses.contains(b.status()))
                .sorted(Comparator.comparing(BlockRecord::foundAt)).toList();
    }

    @Override
    public synchronized List<BlockRecord> recent(int limit) {
        return blocks.values().stream().sorted(Comparator.comparing(BlockRecord::foundAt).reversed())
                .limit(limit).toList();
    }
}
