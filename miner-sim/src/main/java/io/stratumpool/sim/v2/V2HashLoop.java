package io.stratumpool.sim.v2;

import io.stratumpool.sim.SimRuntime;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One V2 miner's hashing in batches on the runtime's shared hash threads, re-enqueued after each
 * batch so miners share threads fairly (as the V1 miner's loop does). With a hashrate it waits on
 * the runtime's timer between batches; with no work it goes idle until {@link #setWork}.
 */
final class V2HashLoop implements Runnable {
    static final long BATCH = 2048;

    private final SimRuntime runtime;
    private final V2Searcher searcher;
    private final Consumer<V2Share> onShare;
    private final double hashrate;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong hashes = new AtomicLong();
    private volatile V2Work work;
    private volatile boolean stopped;
    private long nextBatchNanos;

    /** @param hashrate hashes per second, 0 for unlimited */
    V2HashLoop(SimRuntime runtime, V2Searcher searcher, double hashrate, Consumer<V2Share> onShare) {
        this.runtime = runtime;
        this.searcher = searcher;
        this.hashrate = hashrate;
        this.onShare = onShare;
    }

    /** Replaces the work (null pauses hashing). */
    void setWork(V2Work newWork) {
        work = newWork;
        kick();
    }

    long hashes() {
        return hashes.get();
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
        V2Work w = work;
        if (stopped || w == null) {
            scheduled.set(false);
            kick(); // work may have arrived between the read above and clearing the flag
            return;
        }
        hashes.addAndGet(searcher.search(w, BATCH, onShare));
        if (hashrate > 0) {
            long now = System.nanoTime();
            nextBatchNanos = Math.max(nextBatchNanos, now - 1_000_000_000L) + (long) (BATCH * 1e9 / hashrate);
            if (nextBatchNanos > now) {
                schedule(nextBatchNanos - now);
                return;
            }
        }
        execute();
    }

    private void schedule(long delayNanos) {
        try {
            runtime.timer().schedule(this::execute, delayNanos, TimeUnit.NANOSECONDS);
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
