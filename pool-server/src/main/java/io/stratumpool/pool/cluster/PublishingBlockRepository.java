package io.stratumpool.pool.cluster;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockRepository;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.validator.Hash256;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block repository of a {@code stratum} node: the node's own view stays in a local repository
 * (its submitter and confirmation tracker read it), and every change is published, as the whole
 * record, to the blocks topic for accounting. Publishing never blocks the caller, so a found block
 * is submitted to the node at once; a publish that fails (spool full, publisher queue full) is
 * retried every second until it is durable. Each published record of a block has a strictly later
 * {@code updatedAt} than the one before, which lets accounting keep the newest and ignore replays.
 */
public final class PublishingBlockRepository implements BlockRepository {
    private static final Logger events = LoggerFactory.getLogger("event.block-publish-failed");
    private static final int REMEMBERED = 10_000;

    private final BlockRepository local;
    private final KafkaShareLedger publisher;
    private final Map<Hash256, Long> lastPublishedMs = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash256, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    public PublishingBlockRepository(BlockRepository local, KafkaShareLedger publisher) {
        this.local = local;
        this.publisher = publisher;
    }

    @Override
    public void found(BlockRecord block) {
        local.found(block);
        publishCurrent(block.hash());
    }

    /**
     * Takes up blocks found before this node's restart (read back from the blocks topic and the spool)
     * without publishing them again: their next status change is published as usual, stamped after the
     * record read back. A block left FOUND was already sent to the node, so it is looked for as SUBMITTED.
     */
    public void restore(List<BlockRecord> blocks) {
        for (BlockRecord b : blocks) {
            synchronized (this) {
                lastPublishedMs.merge(b.hash(), b.updatedAt().toEpochMilli(), Math::max);
            }
            local.found(b.status() == BlockStatus.FOUND ? b.withStatus(BlockStatus.SUBMITTED, null, 0, b.updatedAt()) : b);
        }
    }

    @Override
    public void updateStatus(Hash256 hash, BlockStatus status, String reason, int confirmations) {
        local.updateStatus(hash, status, reason, confirmations);
        publishCurrent(hash);
    }

    private void publishCurrent(Hash256 hash) {
        local.find(hash).map(this::strictlyLater).ifPresent(b -> publish(b, 1));
    }

    /** The record stamped at least one millisecond after the last one published for this block. */
    private synchronized BlockRecord strictlyLater(BlockRecord b) {
        long at = b.updatedAt().toEpochMilli();
        Long last = lastPublishedMs.get(b.hash());
        if (last != null && at <= last) {
            at = last + 1;
        }
        lastPublishedMs.put(b.hash(), at);
        return b.withStatus(b.status(), b.reason(), b.confirmations(), java.time.Instant.ofEpochMilli(at));
    }

    private void publish(BlockRecord b, int attempt) {
        publisher.publishBlock(b).whenComplete((v, error) -> {
            if (error == null) {
                return;
            }
            if (publisher.isClosed()) {
                events.error("block {} at height {} ({}) not published before shutdown: {}", b.hash(), b.height(),
                        b.status().label(), error.getMessage());
                return;
            }
            if (attempt == 1 || attempt % 60 == 0) {
                events.warn("publishing block {} ({}) failed, retrying every second: {}", b.hash(),
                        b.status().label(), error.getMessage());
            }
            CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> publish(b, attempt + 1));
        });
    }

    @Override
    public Optional<BlockRecord> find(Hash256 hash) {
        return local.find(hash);
    }

    @Override
    public List<BlockRecord> withStatus(Collection<BlockStatus> statuses) {
        return local.withStatus(statuses);
    }

    @Override
    public List<BlockRecord> recent(int limit) {
        return local.recent(limit);
    }

    @Override
    public Map<BlockStatus, Long> countByStatus() {
        return local.countByStatus();
    }
}
