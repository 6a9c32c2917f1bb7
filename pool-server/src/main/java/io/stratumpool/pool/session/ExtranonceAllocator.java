package io.stratumpool.pool.session;

import io.stratumpool.validator.Hex;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out extranonce1 values unique among live sessions. The first byte is this pool node's id,
 * so several pool nodes mining for one payout never give two miners the same coinbase; the rest
 * counts up from a random start. A resumed session gets its old value back when it is free.
 */
public final class ExtranonceAllocator {
    private final int size;
    private final int nodeId;
    private final long counterMask;
    private final AtomicLong counter;
    private final Set<Long> live = ConcurrentHashMap.newKeySet();

    public ExtranonceAllocator(int size, int nodeId, long seed) {
        if (size < 2 || size > 8) {
            throw new IllegalArgumentException("extranonce1Size: " + size + " (expected: 2..8)");
        }
        if (nodeId < 0 || nodeId > 255) {
            throw new IllegalArgumentException("nodeId: " + nodeId + " (expected: 0..255)");
        }
        this.size = size;
        this.nodeId = nodeId;
        this.counterMask = size == 8 ? 0x00ff_ffff_ffff_ffffL : (1L << (8 * (size - 1))) - 1;
        this.counter = new AtomicLong(seed & counterMask);
    }

    public int size() {
        return size;
    }

    /** A fresh value, or the requested one (hex, from {@code mining.subscribe}) when it is ours and free. */
    public byte[] allocate(String resumeHex) {
        if (resumeHex != null && resumeHex.length() == 2 * size && Hex.isHex(resumeHex)) {
            long wanted = Long.parseUnsignedLong(resumeHex, 16);
            if (prefixOf(wanted) == nodeId && live.add(wanted)) {
                return toBytes(wanted);
            }
        }
        for (long tries = 0; tries <= counterMask; tries++) {
            long value = ((long) nodeId << (8 * (size - 1))) | (counter.getAndIncrement() & counterMask);
            if (live.add(value)) {
                return toBytes(value);
            }
        }
        throw new IllegalStateException("extranonce1 space exhausted: " + live.size() + " live sessions");
    }

    public void release(byte[] extranonce1) {
        live.remove(toLong(extranonce1));
    }

    public int liveCount() {
        return live.size();
    }

    private int prefixOf(long value) {
        return (int) (value >>> (8 * (size - 1))) & 0xff;
    }

    private byte[] toBytes(long value) {
        byte[] out = new byte[size];
        for (int i = size - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    private static long toLong(byte[] bytes) {
        long v = 0;
        for (byte b : bytes) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }
}
