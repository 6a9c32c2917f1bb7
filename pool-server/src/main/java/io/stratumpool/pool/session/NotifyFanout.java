package io.stratumpool.pool.session;

import io.netty.buffer.ByteBuf;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.job.JobGeneration;
import io.stratumpool.pool.stratum.NotifyLines;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * One event loop's share of a {@code mining.notify} broadcast, run as one task on that loop. The
 * notify line of each payout key is looked up and copied once per loop ({@link NotifyLines#loopCopy}),
 * so the per-connection work is a recycled duplicate of a buffer no other thread touches: no lock,
 * no contended reference count, no per-connection lambda or map lookup of the job's encodings.
 */
final class NotifyFanout implements Runnable {
    private final JobGeneration generation;
    private final boolean clean;
    private final LoopSessions sessions;
    private final AtomicInteger loopsLeft;
    private final AtomicInteger recipients;
    private final IntConsumer whenAllLoopsDone;

    NotifyFanout(JobGeneration generation, boolean clean, LoopSessions sessions, AtomicInteger loopsLeft,
            AtomicInteger recipients, IntConsumer whenAllLoopsDone) {
        this.generation = generation;
        this.clean = clean;
        this.sessions = sessions;
        this.loopsLeft = loopsLeft;
        this.recipients = recipients;
        this.whenAllLoopsDone = whenAllLoopsDone;
    }

    @Override
    public void run() {
        Map<String, Line> lines = new HashMap<>(4);
        Line last = null;
        int sent = 0;
        try {
            for (int i = 0, n = sessions.size(); i < n; i++) {
                StratumSession session = sessions.get(i);
                String key = session.payoutKey();
                Line line = last != null && last.payoutKey == key ? last : lines.computeIfAbsent(key, this::line);
                last = line;
                if (session.sendJob(line.entry, line.buffer, generation.networkDifficulty())) {
                    sent++;
                }
            }
        } finally {
            lines.values().forEach(l -> l.buffer.release());
            recipients.addAndGet(sent);
            if (loopsLeft.decrementAndGet() == 0) {
                whenAllLoopsDone.accept(recipients.get());
            }
        }
    }

    private Line line(String payoutKey) {
        JobEntry entry = generation.entryFor(payoutKey);
        return new Line(payoutKey, entry, NotifyLines.loopCopy(entry, clean));
    }

    /** A payout key's job and this loop's copy of its notify line. */
    private record Line(String payoutKey, JobEntry entry, ByteBuf buffer) {
    }
}
