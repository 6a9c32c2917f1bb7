package io.stratumpool.sv2.noise;

import io.stratumpool.sv2.crypto.Base58Check;
import io.stratumpool.sv2.crypto.Secp256k1;

/**
 * The pool authority's public key in the form miners configure (spec section 4.7): base58check of
 * the little-endian U16 version 1 ({@code [1, 0]}) followed by the 32-byte x-only key, e.g.
 * {@code 9bXiEd8boQVhq7WddEcERUL5tyyJVFYdU8th3HfbNXK3Yw6GRXh}.
 */
public final class AuthorityKey {
    /** The key-format version the spec defines. */
    public static final int VERSION = 1;
    private static final int LENGTH = 2 + 32;

    private AuthorityKey() {
    }

    /** The base58check form of a 32-byte x-only authority public key. */
    public static String encode(byte[] xOnlyKey) {
        if (xOnlyKey.length != 32) {
            throw new IllegalArgumentException("authority public key: " + xOnlyKey.length + " bytes (expected: 32, x-only)");
        }
        byte[] payload = new byte[LENGTH];
        payload[0] = (byte) VERSION;
        payload[1] = (byte) (VERSION >>> 8);
        System.arraycopy(xOnlyKey, 0, payload, 2, 32);
        return Base58Check.encode(payload);
    }

    /**
     * The 32-byte x-only key of a base58check authority key, refusing bad characters, a bad
     * checksum, a wrong length or version, and a key that is not on the curve, each by name.
     */
    public static byte[] decode(String text) {
        String trimmed = text.strip();
        byte[] payload;
        try {
            payload = Base58Check.decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("authority public key: " + e.getMessage(), e);
        }
        if (payload.length != LENGTH) {
            throw new IllegalArgumentException("authority public key: " + payload.length
                    + " bytes after base58check decoding (expected: 34, a 2-byte version and a 32-byte key)");
        }
        int version = (payload[0] & 0xFF) | (payload[1] & 0xFF) << 8;
        if (version != VERSION) {
            throw new IllegalArgumentException("authority public key: version " + version + " (expected: " + VERSION + ")");
        }
        byte[] key = java.util.Arrays.copyOfRange(payload, 2, LENGTH);
        if (Secp256k1.liftX(Secp256k1.toInt(key)) == null) {
            throw new IllegalArgumentException("authority public key: not the X coordinate of a secp256k1 point");
        }
        return key;
    }
}
