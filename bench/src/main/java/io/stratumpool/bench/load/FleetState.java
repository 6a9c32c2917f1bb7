package io.stratumpool.bench.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * What the connections of one fleet report, written on the generator's event loops and read by
 * the harness thread. A fan-out round: each connection stores the {@code System.nanoTime()} it read
 * a clean {@code mining.notify} at, then counts itself in {@link #arrivals}; the atomic increment
 * publishes the timestamp to the harness.
 */
final class FleetState {
    final String password;
    final AtomicInteger mining = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    final AtomicInteger branchLength = new AtomicInteger(-1);
    /** Bytes of the first mining.notify line read, newline included. */
    final AtomicInteger notifyBytes = new AtomicInteger();
    final long[] cleanNotifyAt;
    final AtomicInteger arrivals = new AtomicInteger();
    /** Non-clean jobs (a template refresh on the same tip) read since {@link Fleet#armFanout}. */
    final AtomicInteger refreshArrivals = new AtomicInteger();
    /** Bytes the fleet's sockets read and wrote ({@link WireBytes}). */
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    /** Rejections by Stratum error code (20..25; 0 for an error without a code). */
    final AtomicLongArray rejectCodes = new AtomicLongArray(32);
    /** V2 refusals by error code (SubmitShares.Error). */
    final java.util.Map<String, LongAdder> v2Errors = new java.util.concurrent.ConcurrentHashMap<>();
    /** Reply latency of every submit answered from now on (one histogram per measured window). */
    final LatencyHistogram latency = new LatencyHistogram();
    /** Submit written → its reply read, in microseconds; every event loop records, the harness takes intervals. */
    final Recorder replyMicros = new Recorder(3);
    volatile String firstFailure;
    /** Connections follow every new job even while idle (the fan-out fleet does not: parsing costs). */
    volatile boolean trackJobs;
    /** Set before the harness closes the fleet, so its own closes are not counted as drops. */
    volatile boolean closing;
    private volatile boolean submitting;
    private volatile int window;

    FleetState(int size, String password) {
        this.cleanNotifyAt = new long[size];
        this.password = password;
    }

    void onCleanNotify(int index, long nanos) {
        cleanNotifyAt[index] = nanos;
        arrivals.incrementAndGet();
    }

    void onRefreshJob() {
        refreshArrivals.incrementAndGet();
    }

    /** Acknowledgements of {@code count} shares at once (a V2 SubmitShares.Success covers several). */
    void onAccepted(long count) {
        accepted.add(count);
    }

    void onV2Error(String code) {
        rejected.increment();
        v2Errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    void fail(String why) {
        failed.incrementAndGet();
        if (firstFailure == null) {
            firstFailure = why;
        }
    }

    void startSubmitting(int perConnection) {
        window = perConnection;
        submitting = true;
    }

    void stopSubmitting() {
        submitting = false;
    }

    boolean submitting() {
        return submitting;
    }

    int window() {
        return window;
    }

    void onReply(boolean ok, int code, long latencyNanos) {
        replyMicros.recordValue(Math.max(0, latencyNanos / 1_000));
        if (ok) {
            accepted.increment();
        } else {
            rejected.increment();
            rejectCodes.incrementAndGet(code >= 0 && code < 32 ? code : 0);
        }
    }
}
