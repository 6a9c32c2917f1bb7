package io.stratumpool.pool.cluster;

import io.stratumpool.pool.ledger.LedgerRejectedException;
import io.stratumpool.pool.ledger.LedgerStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The local append-only spool a Stratum node keeps share events in while the broker is away. One
 * file of records {@code [length][json][crc32c]}, appended by one writer thread with group commit:
 * every record that arrived while the previous fsync ran is written and forced together, and each
 * append's future completes only after {@code force}. A second small file holds the read offset:
 * how far the drainer has handed records to Kafka and seen them acknowledged. A crash between a
 * send and the offset's fsync replays records, which their event ids make harmless.
 *
 * <p>At most {@code maxBytes} of records may be unread; beyond that an append fails at once with
 * {@link LedgerRejectedException.Reason#QUEUE_FULL} and is counted, never dropped silently. A torn
 * record at the end (a crash mid-write, so never acknowledged) is cut off when the spool opens.
 */
final class ShareSpool implements AutoCloseable {
    private static final int HEADER = 4;
    private static final int TRAILER = 4;

    private final FileChannel data;
    private final FileChannel readOffsetFile;
    private final long maxBytes;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile long writeEnd;
    private volatile long readOffset;
    /** Bytes accepted (queued or written) but not yet drained: what the size limit counts. */
    private long reserved;
    private long records; // guarded by this, like reserved
    private long rejectedFull;
    private volatile boolean closed;

    private record Pending(byte[] json, CompletableFuture<Void> durable) {
    }

    ShareSpool(Path dir, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        this.data = FileChannel.open(dir.resolve("shares.spool"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.readOffsetFile = FileChannel.open(dir.resolve("shares.spool.read"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.readOffset = loadReadOffset();
        this.writeEnd = validEnd(readOffset);
        data.truncate(writeEnd);
        this.reserved = writeEnd - readOffset;
        this.writer = new Thread(this::runWriter, "share-spool-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a record; the future completes once it is on disk (fsync), or fails when the spool is full. */
    CompletableFuture<Void> append(byte[] json) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        long size = HEADER + json.length + TRAILER;
        synchronized (this) {
            if (closed) {
                durable.completeExceptionally(new LedgerRejectedException(LedgerRejectedException.Reason.CLOSED,
                        "share spool closed"));
                return durable;
            }
            if (reserved + size > maxBytes) {
                rejectedFull++;
                durable.completeExceptionally(new LedgerRejectedException(LedgerRejectedException.Reason.QUEUE_FULL,
                        "share spool full (" + reserved + " of " + maxBytes + " bytes)"));
                return durable;
            }
            reserved += size;
            records++;
        }
        queue.add(new Pending(json, durable));
        return durable;
    }

    private void runWriter() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 10_000);
                write(batch);
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            long position = writeEnd;
            for (Pending p : batch) {
                ByteBuffer record = frame(p.json);
                while (record.hasRemaining()) {
                    position += data.write(record, position);
                }
            }
            data.force(false);
            writeEnd = position;
            batch.forEach(p -> p.durable.complete(null));
        } catch (IOException e) {
            synchronized (this) {
                batch.forEach(p -> reserved -= HEADER + p.json.length + TRAILER);
                records -= batch.size();
            }
            try {
                data.truncate(writeEnd); // nothing past the last forced record may be read
            } catch (IOException ignored) {
                e.addSuppressed(ignored);
            }
            var failure = new LedgerStoreException("share spool write failed: " + e.getMessage(), e);
            batch.forEach(p -> p.durable.completeExceptionally(failure));
        }
    }

    private static ByteBuffer frame(byte[] json) {
        CRC32C crc = new CRC32C();
        crc.update(json);
        ByteBuffer b = ByteBuffer.allocate(HEADER + json.length + TRAILER);
        b.putInt(json.length).put(json).putInt((int) crc.getValue()).flip();
        return b;
    }

    /** Up to {@code max} unread records in order (drainer thread only); none when the spool is drained. */
    List<byte[]> peek(int max) {
        List<byte[]> records = new ArrayList<>();
        long position = readOffset;
        long end = writeEnd;
        try {
            while (records.size() < max && position < end) {
                byte[] json = readRecord(position, end);
                records.add(json);
                position += HEADER + json.length + TRAILER;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the share spool at " + position, e);
        }
        return records;
    }

    /** Hands every unread record, in order, to {@code action}; before the drainer starts (it reads the same range). */
    void forEachUnread(java.util.function.Consumer<byte[]> action) {
        long position = readOffset;
        long end = writeEnd;
        try {
            while (position < end) {
                byte[] json = readRecord(position, end);
                action.accept(json);
                position += HEADER + json.length + TRAILER;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the share spool at " + position, e);
        }
    }

    /** Marks the first {@code count} unread records as acknowledged by Kafka; the new offset is forced to disk. */
    void advance(List<byte[]> drained) {
        long bytes = 0;
        for (byte[] json : drained) {
            bytes += HEADER + json.length + TRAILER;
        }
        long offset = readOffset + bytes;
        try {
            ByteBuffer b = ByteBuffer.allocate(Long.BYTES).putLong(offset).flip();
            readOffsetFile.write(b, 0);
            readOffsetFile.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("saving the share spool's read offset", e);
        }
        readOffset = offset;
        synchronized (this) {
            reserved -= bytes;
            records -= drained.size();
        }
    }

    /** True when nothing is queued, written or unread: the node may go back to sending straight to Kafka. */
    synchronized boolean isDrained() {
        return reserved == 0;
    }

    /** Starts the files over once everything was drained, so the spool does not grow forever. */
    synchronized void compactIfDrained() throws IOException {
        if (reserved != 0 || !queue.isEmpty()) {
            return;
        }
        data.truncate(0);
        data.force(true);
        writeEnd = 0;
        readOffsetFile.write(ByteBuffer.allocate(Long.BYTES).putLong(0).flip(), 0);
        readOffsetFile.force(false);
        readOffset = 0;
    }

    synchronized long unreadBytes() {
        return reserved;
    }

    /** Records queued, written or unread: the spool's depth. */
    synchronized long unreadRecords() {
        return records;
    }

    synchronized long rejectedFull() {
        return rejectedFull;
    }

    private long loadReadOffset() throws IOException {
        if (readOffsetFile.size() < Long.BYTES) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.allocate(Long.BYTES);
        readOffsetFile.read(b, 0);
        return Math.min(b.flip().getLong(), data.size());
    }

    /** The end of the last whole, checksummed record from {@code from}; a torn tail is left out. */
    private long validEnd(long from) throws IOException {
        long position = from;
        long size = data.size();
        while (position < size) {
            try {
                byte[] json = readRecord(position, size);
                position += HEADER + json.length + TRAILER;
                records++;
            } catch (IOException torn) {
                break;
            }
        }
        return position;
    }

    private byte[] readRecord(long position, long end) throws IOException {
        if (position + HEADER > end) {
            throw new IOException("torn record header at " + position);
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        data.read(header, position);
        int length = header.flip().getInt();
        if (length < 0 || position + HEADER + length + TRAILER > end) {
            throw new IOException("torn record at " + position);
        }
        ByteBuffer body = ByteBuffer.allocate(length + TRAILER);
        while (body.hasRemaining()) {
            if (data.read(body, position + HEADER + body.position()) < 0) {
                throw new IOException("short record at " + position);
            }
        }
        body.flip();
        byte[] json = new byte[length];
        body.get(json);
        CRC32C crc = new CRC32C();
        crc.update(json);
        if (body.getInt() != (int) crc.getValue()) {
            throw new IOException("bad checksum at " + position);
        }
        return json;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            data.close();
            readOffsetFile.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the share spool", e);
        }
    }
}
