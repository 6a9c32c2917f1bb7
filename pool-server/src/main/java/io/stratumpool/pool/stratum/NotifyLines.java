package io.stratumpool.pool.stratum;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.stratumpool.pool.job.JobEncoding;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.validator.Job;
import java.nio.charset.StandardCharsets;

/**
 * A job's two {@code mining.notify} lines (clean_jobs true and false), serialized once into direct
 * buffers that every connection writes as retained duplicates.
 */
public final class NotifyLines {
    /** The Stratum v1 wire form of a job, kept by the job until it is forgotten. */
    public static final JobEncoding<NotifyLines> ENCODING = new JobEncoding<>() {
        @Override
        public NotifyLines encode(JobEntry entry) {
            return new NotifyLines(entry);
        }

        @Override
        public void release(NotifyLines lines) {
            lines.clean.release();
            lines.update.release();
        }
    };

    private final ByteBuf clean;
    private final ByteBuf update;

    private NotifyLines(JobEntry entry) {
        this.clean = serialize(entry, true);
        this.update = serialize(entry, false);
    }

    /** A retained view of the job's notify line: the caller writes it (the write releases it). */
    public static ByteBuf of(JobEntry entry, boolean clean) {
        NotifyLines lines = entry.encoded(ENCODING);
        if (lines == null) { // forgotten meanwhile: a heap copy the garbage collector frees
            return Unpooled.wrappedBuffer(text(entry, clean).getBytes(StandardCharsets.US_ASCII));
        }
        return (clean ? lines.clean : lines.update).retainedDuplicate();
    }

    /**
     * A copy of the job's notify line for one event loop's broadcast, from Netty's pooled
     * allocator: its duplicates are recycled objects and its reference count is touched by that
     * loop alone (the shared line's count would bounce between the cores once per connection).
     * The caller releases it after the broadcast; pending writes keep it alive until sent.
     */
    public static ByteBuf loopCopy(JobEntry entry, boolean clean) {
        ByteBuf shared = of(entry, clean);
        try {
            return PooledByteBufAllocator.DEFAULT.directBuffer(shared.readableBytes()).writeBytes(shared);
        } finally {
            shared.release();
        }
    }

    /** The notify line as text (tests, logs). */
    public static String text(JobEntry entry, boolean clean) {
        return StratumMessages.notify(entry, clean);
    }

    private static ByteBuf serialize(JobEntry entry, boolean clean) {
        byte[] line = StratumMessages.notify(entry, clean).getBytes(StandardCharsets.US_ASCII);
        return Unpooled.directBuffer(line.length).writeBytes(line);
    }
}
