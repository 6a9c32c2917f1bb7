package io.stratumpool.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * Writes one connection's {@code mining.submit} lines straight into a buffer, the constant parts
 * pre-encoded, so the generator spends its share of the two cores on the pool and not on itself.
 * Each share takes the next value of a counter: nonce from its low 32 bits, extranonce2 from the
 * rest, hence a new header every time.
 */
final class SubmitWriter {
    private static final byte[] HEX = PoolLines.ascii("0123456789abcdef");
    private static final byte[] ID = PoolLines.ascii("{\"id\":");
    private static final byte[] TAIL = PoolLines.ascii("\"]}\n");

    private final byte[] methodAndWorker;
    private byte[] jobPart = PoolLines.ascii("0\",\"");
    private byte[] nTimePart = PoolLines.ascii("\",\"00000000\",\"");
    private int extranonce2Digits = 16;
    private long nextId = 3; // 1 and 2 are subscribe and authorize
    private long counter;

    SubmitWriter(String login) {
        this.methodAndWorker = PoolLines.ascii(",\"method\":\"mining.submit\",\"params\":[\"" + login + "\",\"");
    }

    void extranonce2Size(int bytes) {
        extranonce2Digits = 2 * bytes;
    }

    /** The job to submit for: its id and nTime (hex, as notified). */
    void job(String jobId, String nTimeHex) {
        jobPart = PoolLines.ascii(jobId + "\",\"");
        nTimePart = PoolLines.ascii("\",\"" + nTimeHex + "\",\"");
    }

    /** The request id the next {@link #write} uses. */
    long nextId() {
        return nextId;
    }

    void write(ByteBuf out) {
        long n = counter++;
        out.writeBytes(ID);
        writeDecimal(out, nextId++);
        out.writeBytes(methodAndWorker);
        out.writeBytes(jobPart);
        writeHex(out, n >>> 32, extranonce2Digits);
        out.writeBytes(nTimePart);
        writeHex(out, n & 0xffffffffL, 8);
        out.writeBytes(TAIL);
    }

    private static void writeHex(ByteBuf out, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out.writeByte(i < 16 ? HEX[(int) (value >>> (4 * i)) & 15] : '0');
        }
    }

    private static void writeDecimal(ByteBuf out, long value) {
        long divisor = 1;
        while (divisor <= value / 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.writeByte((int) ('0' + value / divisor % 10));
        }
    }
}
