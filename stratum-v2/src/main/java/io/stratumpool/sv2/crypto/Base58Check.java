package io.stratumpool.sv2.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Bitcoin's base58 alphabet with a 4-byte double-SHA-256 checksum (base58check), used for the
 * authority public key miners type into their firmware.
 */
public final class Base58Check {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int CHECKSUM_LENGTH = 4;

    private Base58Check() {
    }

    /** {@code base58(payload || first 4 bytes of SHA-256(SHA-256(payload)))}. */
    public static String encode(byte[] payload) {
        byte[] data = Arrays.copyOf(payload, payload.length + CHECKSUM_LENGTH);
        System.arraycopy(checksum(payload), 0, data, payload.length, CHECKSUM_LENGTH);
        return base58(data);
    }

    /** The payload of a base58check string; a specific error for bad characters, length or checksum. */
    public static byte[] decode(String text) {
        byte[] data = unbase58(text);
        if (data.length < CHECKSUM_LENGTH) {
            throw new IllegalArgumentException("base58check: " + data.length + " bytes, too short for the 4-byte checksum");
        }
        byte[] payload = Arrays.copyOf(data, data.length - CHECKSUM_LENGTH);
        byte[] expected = checksum(payload);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, payload.length, data.length))) {
            throw new IllegalArgumentException("base58check: checksum mismatch (mistyped key?)");
        }
        return payload;
    }

    private static String base58(byte[] data) {
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, data);
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            value = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    private static byte[] unbase58(String text) {
        BigInteger value = BigInteger.ZERO;
        int leadingZeros = 0;
        boolean leading = true;
        for (int i = 0; i < text.length(); i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("base58: '" + text.charAt(i) + "' at index " + i + " is not a base58 character");
            }
            if (leading && digit == 0) {
                leadingZeros++;
            } else {
                leading = false;
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[leadingZeros + magnitude.length - skip];
        System.arraycopy(magnitude, skip, out, leadingZeros, magnitude.length - skip);
        return out;
    }

    private static byte[] checksum(byte[] payload) {
        MessageDigest sha = Secp256k1.sha256();
        byte[] once = sha.digest(payload);
        return Arrays.copyOf(sha.digest(once), CHECKSUM_LENGTH);
    }
}
