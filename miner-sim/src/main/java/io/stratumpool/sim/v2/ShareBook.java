package io.stratumpool.sim.v2;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A V2 miner's share accounting: exact counts, and the latest accepted and refused shares (up to a
 * limit) for tests to compare with the pool's ledger. Thread-safe.
 */
final class ShareBook {
    private final int historyLimit;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong blocksFound = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong blocksAccepted = new AtomicLong();
    private final Deque<V2Share> acceptedShares = new ArrayDeque<>();
    private final Deque<RejectedShare> rejectedShares = new ArrayDeque<>();

    ShareBook(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    void submitted(V2Share share) {
        submitted.incrementAndGet();
        if (share.block()) {
            blocksFound.incrementAndGet();
        }
    }

    void droppedOne() {
        dropped.incrementAndGet();
    }

    void accepted(V2Share share) {
        keep(acceptedShares, share);
        if (share.block()) {
            blocksAccepted.incrementAndGet();
        }
        accepted.incrementAndGet();
    }

    void rejected(V2Share share, String errorCode) {
        keep(rejectedShares, new RejectedShare(share, errorCode));
        rejected.incrementAndGet();
    }

    long submitted() { return submitted.get(); }
    long dropped() { return dropped.get(); }
    long blocksFound() { return blocksFound.get(); }
    long accepted() { return accepted.get(); }
    long rejected() { return rejected.get(); }
    long blocksAccepted() { return blocksAccepted.get(); }

    List<V2Share> acceptedShares() {
        synchronized (acceptedShares) {
            return List.copyOf(acceptedShares);
        }
    }

    List<RejectedShare> rejectedShares() {
        synchronized (rejectedShares) {
            return List.copyOf(rejectedShares);
        }
    }

    private <T> void keep(Deque<T> history, T item) {
        synchronized (history) {
            history.addLast(item);
            if (history.size() > historyLimit) {
                history.removeFirst();
            }
        }
    }
}
