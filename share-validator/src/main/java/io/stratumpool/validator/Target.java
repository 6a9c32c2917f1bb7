package io.stratumpool.validator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteOrder;

/**
 * A 256-bit proof-of-work target: a hash meets it when, read as a little-endian number, it is
 * less than or equal to the target. Difficulty 1 is target {@code 00000000ffff0000…} (nBits
 * {@code 1d00ffff}); fractional difficulties give targets above that, capped at 2^256−1.
 * Comparison against hashes uses four 64-bit limbs, without BigInteger.
 */
public final class Target implements Comparable<Target> {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final BigInteger MAX_VALUE = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    private static final BigInteger DIFF1_VALUE = BigInteger.valueOf(0xffffL).shiftLeft(208);
    private static final BigDecimal DIFF1_DECIMAL = new BigDecimal(DIFF1_VALUE);
    /** 0xffff × 2^208 as a double: the numerator of every difficulty. */
    private static final double DIFF1_DOUBLE = 0xffffL * Math.pow(2, 208);

    /** The difficulty-1 target, nBits {@code 1d00ffff}. */
    public static final Target DIFF1 = new Target(DIFF1_VALUE);
    /** The largest target, 2^256−1: every hash meets it. */
    public static final Target MAX = new Target(MAX_VALUE);

    // Most significant limb first.
    private final long limb3;
    private final long limb2;
    private final long limb1;
    private final long limb0;

    private Target(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("target: out of range " + value.toString(16));
        }
        limb3 = value.shiftRight(192).longValue();
        limb2 = value.shiftRight(128).longValue();
        limb1 = value.shiftRight(64).longValue();
        limb0 = value.longValue();
    }

    /** The target encoded by compact nBits; negative or overflowing encodings are rejected. */
    public static Target ofCompact(long nBits) {
        if (nBits < 0 || nBits > 0xffffffffL) {
            throw new IllegalArgumentException("nBits: " + nBits + " (expected: an unsigned 32-bit value)");
        }
        int exponent = (int) (nBits >>> 24);
        long mantissa = nBits & 0x007fffffL;
        if ((nBits & 0x00800000L) != 0 && mantissa != 0) {
            throw new IllegalArgumentException("nBits: " + String.format("%08x", nBits) + " is negative");
        }
        BigInteger value = exponent <= 3
                ? BigInteger.valueOf(mantissa >>> (8 * (3 - exponent)))
                : BigInteger.valueOf(mantissa).shiftLeft(8 * (exponent - 3));
        if (value.bitLength() > 256) {
            throw new IllegalArgumentException("nBits: " + String.format("%08x", nBits) + " overflows 256 bits");
        }
        return new Target(value);
    }

    /** Parses nBits in the 8-hex-digit form of {@code getblocktemplate} and {@code mining.notify}. */
    public static Target ofCompactHex(String nBitsHex) {
        long bits = Hex.parseUInt32(nBitsHex);
        if (bits < 0) {
            throw new IllegalArgumentException("nBits: \"" + nBitsHex + "\" (expected: 8 hex digits)");
        }
        return ofCompact(bits);
    }

    /** The target for a share difficulty: floor(diff1 / difficulty), capped at 2^256−1. */
    public static Target ofDifficulty(double difficulty) {
        if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("difficulty: " + difficulty + " (expected: a finite number > 0)");
        }
        // valueOf: the decimal the operator wrote (0.00015), not the nearest binary double
        BigInteger value = DIFF1_DECIMAL.divide(BigDecimal.valueOf(difficulty), 0, RoundingMode.FLOOR).toBigInteger();
        return new Target(value.min(MAX_VALUE).max(BigInteger.ONE));
    }

    /** A target given as a number. */
    public static Target of(BigInteger value) {
        return new Target(value);
    }

    /** A target from 64 hex digits, most significant first (the {@code target} field of a template). */
    public static Target ofHex(String hex) {
        if (hex.length() != 64) {
            throw new IllegalArgumentException("target: " + hex.length() + " hex digits (expected: 64)");
        }
        return new Target(new BigInteger(1, Hex.decode(hex)));
    }

    /** True when the 32-byte hash at {@code hash[offset]} (internal byte order) is ≤ this target. */
    public boolean isMetBy(byte[] hash, int offset) {
        int c = Long.compareUnsigned((long) LONG_LE.get(hash, offset + 24), limb3);
        if (c != 0) {
            return c < 0;
        }
        c = Long.compareUnsigned((long) LONG_LE.get(hash, offset + 16), limb2);
        if (c != 0) {
            return c < 0;
        }
        c = Long.compareUnsigned((long) LONG_LE.get(hash, offset + 8), limb1);
        if (c != 0) {
            return c < 0;
        }
        return Long.compareUnsigned((long) LONG_LE.get(hash, offset), limb0) <= 0;
    }

    public boolean isMetBy(Hash256 hash) {
        return isMetBy(hash.bytes(), 0);
    }

    /**
     * The difficulty a hash achieved: diff1 / hash. A double is exact enough for accounting
     * (53 bits of precision) and needs no BigInteger; a zero hash gives infinity.
     */
    public static double difficultyOf(byte[] hash, int offset) {
        double value = unsigned((long) LONG_LE.get(hash, offset + 24)) * 0x1p192
                + unsigned((long) LONG_LE.get(hash, offset + 16)) * 0x1p128
                + unsigned((long) LONG_LE.get(hash, offset + 8)) * 0x1p64
                + unsigned((long) LONG_LE.get(hash, offset));
        return DIFF1_DOUBLE / value;
    }

    /** This target's difficulty, diff1 / target (below 1 for targets above difficulty 1). */
    public double difficulty() {
        return new BigDecimal(DIFF1_VALUE)
                .divide(new BigDecimal(toBigInteger()), java.math.MathContext.DECIMAL64)
                .doubleValue();
    }

    /** The compact nBits form, rounding the target down to 23 bits of mantissa as Bitcoin does. */
    public long toCompact() {
        BigInteger value = toBigInteger();
        int size = (value.bitLength() + 7) / 8;
        long mantissa = size <= 3
                ? value.longValue() << (8 * (3 - size))
                : value.shiftRight(8 * (size - 3)).longValue();
        if ((mantissa & 0x00800000L) != 0) {
            mantissa >>>= 8;
            size++;
        }
        return ((long) size << 24) | mantissa;
    }

    public BigInteger toBigInteger() {
        BigInteger v = unsignedBig(limb3);
        v = v.shiftLeft(64).or(unsignedBig(limb2));
        v = v.shiftLeft(64).or(unsignedBig(limb1));
        return v.shiftLeft(64).or(unsignedBig(limb0));
    }

    /** 64 hex digits, most significant first. */
    public String toHex() {
        return String.format("%016x%016x%016x%016x", limb3, limb2, limb1, limb0);
    }

    private static double unsigned(long v) {
        return v >= 0 ? (double) v : ((double) (v >>> 1)) * 2.0;
    }

    private static BigInteger unsignedBig(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    @Override
    public int compareTo(Target o) {
        int c = Long.compareUnsigned(limb3, o.limb3);
        if (c == 0) {
            c = Long.compareUnsigned(limb2, o.limb2);
        }
        if (c == 0) {
            c = Long.compareUnsigned(limb1, o.limb1);
        }
        return c != 0 ? c : Long.compareUnsigned(limb0, o.limb0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && compareTo(t) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(limb3) * 31 + Long.hashCode(limb2) * 17 + Long.hashCode(limb0);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
