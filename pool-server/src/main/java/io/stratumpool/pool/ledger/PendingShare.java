package io.stratumpool.pool.ledger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A share between {@code append} and its outcome. The state decides who may finish it: the
 * writer claims QUEUED shares into a transaction (TAKEN); the timeout reaper may only expire a
 * QUEUED share. A claimed share therefore never times out while its transaction may still commit.
 */
final class PendingShare {
    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int DONE = 2;

    final ShareRecord share;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    final long enqueuedNanos;
    final long deadlineNanos;
    private final AtomicInteger state = new AtomicInteger(QUEUED);

    PendingShare(ShareRecord share, long enqueuedNanos, long timeoutNanos) {
        this.share = share;
        this.enqueuedNanos = enqueuedNanos;
        this.deadlineNanos = enqueuedNanos + timeoutNanos;
    }

    /** Writer only: takes the share into the transaction being built; false when it already expired. */
    boolean claim() {
        return state.get() == TAKEN || state.compareAndSet(QUEUED, TAKEN);
    }

    /** Writer only: the transaction failed before COMMIT was sent, so nothing of it can be stored. */
    void release() {
        state.compareAndSet(TAKEN, QUEUED);
    }

    void committed() {
        state.set(DONE);
        future.complete(null);
    }

    /** Reaper or shutdown: fails the share if no transaction holds it. */
    boolean expire(RuntimeException reason) {
        if (state.compareAndSet(QUEUED, DONE)) {
            future.completeExceptionally(reason);
            return true;
        }
        return false;
    }

    /** Shutdown only, after the writer has stopped: fails whatever is left, even a claimed share. */
    void abandon(RuntimeException reason) {
        state.set(DONE);
        future.completeExceptionally(reason);
    }

    boolean isDone() {
        return state.get() == DONE;
    }

    boolean isOverdue(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }
}
