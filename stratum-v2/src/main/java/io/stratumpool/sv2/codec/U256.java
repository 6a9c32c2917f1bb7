package io.stratumpool.sv2.codec;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A U256 as it is on the wire: 32 bytes, little-endian when read as a number (a hash as SHA-256
 * outputs it, a target with its least significant byte first). Immutable.
 */
public final class U256 {
    /** Length on the wire. */
    public static final int LENGTH = 32;
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(256);
    private final byte[] bytes;

    private U256(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps 32 bytes in wire (little-endian) order. */
    public static U256 wrap(byte[] littleEndian) {
        if (littleEndian.length != LENGTH) {
            throw new IllegalArgumentException("U256: " + littleEndian.length + " bytes (expected: 32)");
        }
        return new U256(littleEndian.clone());
    }

    /** The U256 holding {@code value} (0 ≤ value < 2^256). */
    public static U256 of(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(MAX) >= 0) {
            throw new IllegalArgumentException("U256: " + value + " is outside 0..2^256-1");
        }
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return new U256(out);
    }

    /** The bytes in wire (little-endian) order (a copy). */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The number these bytes are, read little-endian. */
    public BigInteger toBigInteger() {
        byte[] bigEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            bigEndian[i] = bytes[LENGTH - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    void writeTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof U256 other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Hex in wire order. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
