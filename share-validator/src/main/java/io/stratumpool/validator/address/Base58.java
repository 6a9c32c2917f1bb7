package io.stratumpool.validator.address;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Bitcoin's base58 and base58check encodings (legacy P2PKH/P2SH addresses).
 *
 * <p>Conversion is quadratic in the input length; callers that take untrusted input cap its length first
 * ({@link Address#parse} does). Not for the hot path: addresses are decoded once, at configuration or login.
 */
public final class Base58 {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int[] DIGIT_OF = digitTable();
    private static final int CHECKSUM_LENGTH = 4;

    private Base58() {
    }

    /** Encodes bytes; each leading zero byte becomes a leading '1'. */
    public static String encode(byte[] data) {
        int zeros = leadingZeros(data);
        byte[] digits = changeBase(data, zeros, 256, 58);
        StringBuilder out = new StringBuilder(zeros + digits.length);
        out.append("1".repeat(zeros));
        for (byte digit : digits) {
            out.append(ALPHABET.charAt(digit));
        }
        return out.toString();
    }

    /** Decodes a base58 string; each leading '1' becomes a leading zero byte. */
    public static byte[] decode(String text) {
        byte[] digits = toDigits(text);
        int zeros = leadingZeros(digits);
        byte[] value = changeBase(digits, zeros, 58, 256);
        byte[] out = new byte[zeros + value.length];
        System.arraycopy(value, 0, out, zeros, value.length);
        return out;
    }

    /** Appends the 4-byte double-SHA-256 checksum and encodes. */
    public static String encodeChecked(byte[] payload) {
        byte[] withChecksum = Arrays.copyOf(payload, payload.length + CHECKSUM_LENGTH);
        System.arraycopy(checksum(payload), 0, withChecksum, payload.length, CHECKSUM_LENGTH);
        return encode(withChecksum);
    }

    /** Decodes and verifies the trailing 4-byte double-SHA-256 checksum; returns the payload without it. */
    public static byte[] decodeChecked(String text) {
        byte[] data = decode(text);
        if (data.length < CHECKSUM_LENGTH) {
            throw new AddressException("base58check data too short for a checksum (" + data.length + " bytes)");
        }
        byte[] payload = Arrays.copyOf(data, data.length - CHECKSUM_LENGTH);
        byte[] expected = checksum(payload);
        byte[] actual = Arrays.copyOfRange(data, payload.length, data.length);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new AddressException("bad checksum (base58check)");
        }
        return payload;
    }

    private static byte[] toDigits(String text) {
        byte[] digits = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < DIGIT_OF.length ? DIGIT_OF[c] : -1;
            if (digit < 0) {
                throw new AddressException("invalid base58 character " + AddressException.describe(c)
                        + " at position " + i);
            }
            digits[i] = (byte) digit;
        }
        return digits;
    }

    /**
     * Converts a big-endian number written in digits of base {@code from} (skipping {@code skip} leading zero
     * digits, which the callers carry separately) to big-endian digits of base {@code to}, without leading zeros.
     */
    private static byte[] changeBase(byte[] in, int skip, int from, int to) {
        // Worst-case output length: log(256)/log(58) < 1.37 and log(58)/log(256) < 0.74 digits per input digit.
        byte[] out = new byte[(in.length - skip) * 138 / 100 + 1];
        int used = 0; // significant digits so far, stored at the end of out
        for (int i = skip; i < in.length; i++) {
            int carry = in[i] & 0xff;
            for (int j = out.length - 1; j >= out.length - used || carry != 0; j--) {
                carry += (out[j] & 0xff) * from;
                out[j] = (byte) (carry % to);
                carry /= to;
                used = Math.max(used, out.length - j);
            }
        }
        return Arrays.copyOfRange(out, out.length - used, out.length);
    }

    private static int leadingZeros(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        return zeros;
    }

    private static byte[] checksum(byte[] payload) {
        MessageDigest sha256 = sha256();
        byte[] hash = sha256.digest(sha256.digest(payload));
        return Arrays.copyOf(hash, CHECKSUM_LENGTH);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    private static int[] digitTable() {
        int[] table = new int[128];
        Arrays.fill(table, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            table[ALPHABET.charAt(i)] = i;
        }
        return table;
    }
}
