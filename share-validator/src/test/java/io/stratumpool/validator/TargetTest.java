package io.stratumpool.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetTest {

    @Test
    void difficultyOneIsCompact1d00ffffAndTheVectorsTarget() {
        Target t = Target.ofCompact(0x1d00ffffL);
        assertEquals(Vectors.difficulty1Target(), t.toHex());
        assertEquals(Target.DIFF1, t);
        assertEquals(1.0, t.difficulty(), 0);
        assertEquals(0x1d00ffffL, t.toCompact());
        assertEquals(Target.DIFF1, Target.ofDifficulty(1));
    }

    @Test
    void regtestBitsGiveTheRegtestTargetAndDifficulty() {
        Target t = Target.ofCompact(0x207fffffL);
        assertEquals("7fffff" + "0".repeat(58), t.toHex());
        // diff1 / target = 0xffff * 2^208 / (0x7fffff * 2^232) ≈ 4.6565e-10
        assertEquals(65535.0 / (8388607.0 * Math.pow(2, 24)), t.difficulty(), 1e-22);
        assertEquals(4.656542373906925e-10, t.difficulty(), 1e-20);
        assertEquals(0x207fffffL, t.toCompact());
    }

    @Test
    void fractionalDifficultyGivesTargetAboveDifficultyOne() {
        Target t = Target.ofDifficulty(0.00015);
        assertTrue(t.compareTo(Target.DIFF1) > 0);
        assertEquals(0.00015, t.difficulty(), 1e-15);
        BigInteger expected = Target.DIFF1.toBigInteger().multiply(BigInteger.valueOf(100000)).divide(BigInteger.valueOf(15));
        assertEquals(expected, t.toBigInteger());
    }

    @Test
    void regtestDifficultyRoundTripsThroughTheTarget() {
        double regtest = Target.ofCompact(0x207fffffL).difficulty();
        Target t = Target.ofDifficulty(regtest);
        assertEquals(regtest, t.difficulty(), regtest * 1e-12);
    }

    @Test
    void tinyDifficultyIsCappedAtTheLargestTarget() {
        assertEquals(Target.MAX, Target.ofDifficulty(1e-30));
        assertEquals("f".repeat(64), Target.MAX.toHex());
        assertTrue(Target.MAX.isMetBy(Hex.decode("ff".repeat(32)), 0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsNonPositiveOrNonFiniteDifficulty(double d) {
        assertThrows(IllegalArgumentException.class, () -> Target.ofDifficulty(d));
    }

    @Test
    void rejectsNegativeAndOverflowingCompactEncodings() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> Target.ofCompact(0x1d80ffffL));
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
        IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class, () -> Target.ofCompact(0x2300ffffL));
        assertTrue(overflow.getMessage().contains("overflows"), overflow.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Target.ofCompactHex("1d00fff"));
        assertThrows(IllegalArgumentException.class, () -> Target.ofCompactHex("1d00fffg"));
    }

    @Test
    void knownMainnetBitsRoundTrip() {
        for (long bits : new long[] {0x1d00ffffL, 0x1b0404cbL, 0x1a0213efL, 0x17053894L, 0x207fffffL, 0x1f00ffffL}) {
            assertEquals(bits, Target.ofCompact(bits).toCompact(), Long.toHexString(bits));
        }
        // Bitcoin wiki: 0x1b0404cb is difficulty 16307.420938523983
        assertEquals(16307.420938523983, Target.ofCompact(0x1b0404cbL).difficulty(), 1e-9);
    }

    @Test
    void hashEqualToTargetMeetsItAndOneAboveDoesNot() {
        Target t = Target.ofCompact(0x1a0213efL);
        byte[] equal = toLittleEndian(t.toBigInteger());
        assertTrue(t.isMetBy(equal, 0));
        assertFalse(t.isMetBy(toLittleEndian(t.toBigInteger().add(BigInteger.ONE)), 0));
        assertTrue(t.isMetBy(toLittleEndian(t.toBigInteger().subtract(BigInteger.ONE)), 0));
    }

    @Test
    void limbComparisonAgreesWithBigIntegerOnRandomValues() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            BigInteger target = new BigInteger(random.nextInt(256) + 1, random);
            BigInteger hash = random.nextBoolean() ? new BigInteger(256, random) : target.add(BigInteger.valueOf(random.nextInt(3) - 1)).abs();
            if (hash.bitLength() > 256) {
                continue;
            }
            assertEquals(hash.compareTo(target) <= 0, Target.of(target).isMetBy(toLittleEndian(hash), 0));
        }
    }

    @Test
    void achievedDifficultyMatchesBigIntegerDivision() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            BigInteger hash = new BigInteger(200 + random.nextInt(56), random).add(BigInteger.ONE);
            double expected = new java.math.BigDecimal(Target.DIFF1.toBigInteger())
                    .divide(new java.math.BigDecimal(hash), java.math.MathContext.DECIMAL64).doubleValue();
            assertEquals(expected, Target.difficultyOf(toLittleEndian(hash), 0), expected * 1e-12);
        }
    }

    /** A 256-bit number as 32 little-endian bytes, the way a SHA-256d hash is laid out. */
    static byte[] toLittleEndian(BigInteger value) {
        byte[] be = value.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < be.length && i < 33; i++) {
            int target = be.length - 1 - i;
            if (i < 32) {
                le[i] = be[target];
            }
        }
        return le;
    }
}
