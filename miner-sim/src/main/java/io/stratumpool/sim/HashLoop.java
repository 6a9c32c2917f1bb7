package io.stratumpool.sim;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One miner's hashing, run in batches on the fleet's shared hash threads. After each batch it
 * re-enqueues itself, so thousands of miners share a few threads fairly; with no work it goes idle
 * until {@link #setWork} wakes it, and when rate-limited it waits on the runtime's timer.
 */
final class HashLoop implements Runnable {
    /** About a millisecond of hashing: short enough that a new job is picked up promptly. */
    static final long BATCH = 2048;

    private final SimRuntime runtime;
    private final MinerStats stats;
    private final HashBudget budget;
    private final Consumer<Share> onShare;
    private final Searcher searcher;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Work work;
    private volatile boolean stopped;

    /** @param budget null for unlimited hashing */
    HashLoop(SimRuntime runtime, MinerStats stats, HashBudget budget, Searcher searcher, Consumer<Share> onShare) {
        this.runtime = runtime;
        this.stats = stats;
        this.budget = budget;
        this.searcher = searcher;
        this.onShare = onShare;
    }

    /** Replaces the work (null pauses hashing). */
    void setWork(Work newWork) {
        work = newWork;
        kick();
    }

    Work work() {
        return work;
    }

    void stop() {
        stopped = true;
        work = null;
    }

    private void kick() {
        if (!stopped && work != null && scheduled.compareAndSet(false, true)) {
            execute();
        }
    }

    @Override
    public void run() {
        Work w = work;
        if (stopped || w == null) {
            scheduled.set(false);
            kick(); // work may have arrived between the read above and clearing the flag
            return;
        }
        long batch = budget == null ? BATCH : budget.maxBatch(BATCH);
        if (budget != null && !budget.tryTake(batch)) {
            waitForBudget(batch);
            return;
        }
        stats.hashed(searcher.search(w, batch, onShare));
        execute();
    }

    private void waitForBudget(long batch) {
        try {
            runtime.timer().schedule(this::execute, budget.nanosUntil(batch), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true; // the runtime is shutting down
        }
    }

    private void execute() {
        try {
            runtime.hashers().execute(this);
        } catch (RejectedExecutionException e) {
            stopped = true;
        }
    }
}
