package io.stratumpool.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Just enough reading of the pool's lines for the generator's hot path, without a JSON parser:
 * which method a notification carries, a reply's numeric id, and whether it says {@code true} or
 * which error code it has. The pool writes these shapes itself ({@code StratumMessages}); anything
 * the generator needs in full (the subscribe result, a job) is parsed with Jackson instead.
 */
final class PoolLines {
    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] NOTIFY = ascii("\"method\":\"mining.notify\"");
    private static final byte[] METHOD = ascii("\"method\":");
    private static final byte[] RESULT_TRUE = ascii(",\"result\":true");
    private static final byte[] ERROR = ascii("\"error\":[");
    private static final byte[] CLEAN_TRUE = ascii("true]}");
    /** Notifications name their method within this many bytes of the start. */
    private static final int HEAD = 48;

    private PoolLines() {
    }

    static boolean isNotify(ByteBuf line) {
        return indexOf(line, NOTIFY, HEAD) >= 0;
    }

    static boolean isNotification(ByteBuf line) {
        return indexOf(line, METHOD, HEAD) >= 0;
    }

    /** A notify's clean_jobs flag, the last parameter. */
    static boolean isClean(ByteBuf line) {
        int end = line.writerIndex();
        if (line.readableBytes() < CLEAN_TRUE.length) {
            return false;
        }
        for (int i = 0; i < CLEAN_TRUE.length; i++) {
            if (line.getByte(end - CLEAN_TRUE.length + i) != CLEAN_TRUE[i]) {
                return false;
            }
        }
        return true;
    }

    /** The numeric id of a reply, or -1 when it has none or a non-numeric one. */
    static long replyId(ByteBuf line) {
        if (!startsWith(line, line.readerIndex(), ID)) {
            return -1;
        }
        long id = 0;
        int i = line.readerIndex() + ID.length;
        int digits = 0;
        for (; i < line.writerIndex(); i++, digits++) {
            byte b = line.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            id = id * 10 + (b - '0');
        }
        return digits == 0 ? -1 : id;
    }

    /** True when the reply's result (right after the id) is {@code true}. */
    static boolean isTrue(ByteBuf line) {
        return indexOf(line, RESULT_TRUE, 40) >= 0;
    }

    /** The Stratum error code of an error reply ({@code "error":[23,...]}), or 0 when there is none. */
    static int errorCode(ByteBuf line) {
        int at = indexOf(line, ERROR, line.readableBytes());
        if (at < 0) {
            return 0;
        }
        int code = 0;
        for (int i = at + ERROR.length; i < line.writerIndex(); i++) {
            byte b = line.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            code = code * 10 + (b - '0');
        }
        return code;
    }

    /** Index of the needle starting within the first {@code window} bytes, or -1. */
    private static int indexOf(ByteBuf line, byte[] needle, int window) {
        int last = Math.min(line.writerIndex() - needle.length, line.readerIndex() + window);
        for (int i = line.readerIndex(); i <= last; i++) {
            if (startsWith(line, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(ByteBuf line, int at, byte[] needle) {
        if (line.writerIndex() - at < needle.length) {
            return false;
        }
        for (int j = 0; j < needle.length; j++) {
            if (line.getByte(at + j) != needle[j]) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
