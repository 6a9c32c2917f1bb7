package io.stratumpool.validator;

import java.util.Arrays;

/** Hex codec with strict parsing, plus fixed-width parsers for the hot Stratum fields. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < 10; i++) {
            VALUES['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            VALUES['a' + i] = (byte) (10 + i);
            VALUES['A' + i] = (byte) (10 + i);
        }
    }

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    public static String encode(byte[] bytes, int offset, int length) {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0x0f];
        }
        return new String(out);
    }

    /** Hex of the bytes in reverse order: the display form of hashes in Bitcoin RPC. */
    public static String encodeReversed(byte[] bytes) {
        byte[] copy = bytes.clone();
        reverse(copy);
        return encode(copy);
    }

    /** Decodes hex (either case). Throws {@link IllegalArgumentException} naming the first problem. */
    public static byte[] decode(CharSequence hex) {
        int length = hex.length();
        if ((length & 1) != 0) {
            throw new IllegalArgumentException("hex: odd length " + length);
        }
        byte[] out = new byte[length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digit(hex, 2 * i) << 4) | digit(hex, 2 * i + 1));
        }
        return out;
    }

    public static byte[] decodeReversed(CharSequence hex) {
        byte[] out = decode(hex);
        reverse(out);
        return out;
    }

    /** True when the text is non-null, of even length and only hex digits. */
    public static boolean isHex(CharSequence hex) {
        if (hex == null || (hex.length() & 1) != 0) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (value(hex.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses exactly eight hex digits as an unsigned 32-bit big-endian number (Stratum ntime, nonce,
     * version), or returns -1 when the text is not exactly eight hex digits.
     */
    public static long parseUInt32(CharSequence hex) {
        if (hex == null || hex.length() != 8) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            int d = value(hex.charAt(i));
            if (d < 0) {
                return -1;
            }
            value = (value << 4) | d;
        }
        return value;
    }

    /**
     * Decodes hex of exactly {@code length} bytes into {@code dst} at {@code offset}; returns false,
     * leaving {@code dst} partly written, when the text has another length or a non-hex character.
     */
    public static boolean decodeInto(CharSequence hex, byte[] dst, int offset, int length) {
        if (hex == null || hex.length() != length * 2) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int hi = value(hex.charAt(2 * i));
            int lo = value(hex.charAt(2 * i + 1));
            if ((hi | lo) < 0) {
                return false;
            }
            dst[offset + i] = (byte) ((hi << 4) | lo);
        }
        return true;
    }

    static void reverse(byte[] bytes) {
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
    }

    private static int value(char c) {
        return c < 128 ? VALUES[c] : -1;
    }

    private static int digit(CharSequence hex, int index) {
        int d = value(hex.charAt(index));
        if (d < 0) {
            throw new IllegalArgumentException("hex: invalid character at position " + index);
        }
        return d;
    }
}
