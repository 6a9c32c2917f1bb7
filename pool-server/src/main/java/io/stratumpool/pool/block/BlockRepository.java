package io.stratumpool.pool.block;

import io.stratumpool.validator.Hash256;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Durable record of found blocks and their lifecycle. Implementations are thread-safe. */
public interface BlockRepository {
    /** Records a newly found block (status FOUND). Idempotent for the same hash. */
    void found(BlockRecord block);

    /** Moves a block to a new status; {@code reason} is the node's text for a rejection. */
    void updateStatus(Hash256 hash, BlockStatus status, String reason, int confirmations);

    /** One lifecycle write, as {@link #writeAll} takes them. */
    sealed interface Write permits Found, StatusChange {
    }

    /** {@link #found}'s arguments. */
    record Found(BlockRecord block) implements Write {
    }

    /** {@link #updateStatus}'s arguments. */
    record StatusChange(Hash256 hash, BlockStatus status, String reason, int confirmations) implements Write {
    }

    /**
     * Applies {@code writes} in order. A store with transactions applies them in one (all or none);
     * this default applies them one by one, so after a failure a prefix may be stored: every write is
     * idempotent, and the caller retries the whole list.
     */
    default void writeAll(List<Write> writes) {
        for (Write w : writes) {
            if (w instanceof Found f) {
                found(f.block());
            } else if (w instanceof StatusChange c) {
                updateStatus(c.hash(), c.status(), c.reason(), c.confirmations());
            }
        }
    }

    Optional<BlockRecord> find(Hash256 hash);

    /** Blocks currently in any of the given statuses, oldest first. */
    List<BlockRecord> withStatus(Collection<BlockStatus> statuses);

    /** The most recent blocks, newest first. */
    List<BlockRecord> recent(int limit);

    /** How many blocks are in each status; every status is present, zero included (for metrics). */
    default Map<BlockStatus, Long> countByStatus() {
        Map<BlockStatus, Long> counts = new EnumMap<>(BlockStatus.class);
        for (BlockStatus status : BlockStatus.values()) {
            counts.put(status, (long) withStatus(List.of(status)).size());
        }
        return counts;
    }
}
