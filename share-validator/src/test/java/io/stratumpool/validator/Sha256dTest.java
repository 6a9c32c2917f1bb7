package io.stratumpool.validator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;

/** The JDK digest path against BouncyCastle's independent SHA-256. */
class Sha256dTest {

    @Test
    void matchesBouncyCastleOnEveryLengthUpTo300Bytes() {
        Random random = new Random(1);
        Sha256d sha = new Sha256d();
        for (int length = 0; length <= 300; length++) {
            byte[] data = new byte[length + 7];
            random.nextBytes(data);
            byte[] out = new byte[40];
            sha.hash(data, 3, length, out, 5);
            byte[] expected = bouncyDouble(java.util.Arrays.copyOfRange(data, 3, 3 + length));
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 5, 37), "length " + length);
        }
    }

    @Test
    void hashPairIsTheDoubleHashOfTheConcatenation() {
        Random random = new Random(2);
        byte[] left = new byte[32];
        byte[] right = new byte[32];
        random.nextBytes(left);
        random.nextBytes(right);
        byte[] both = new byte[64];
        System.arraycopy(left, 0, both, 0, 32);
        System.arraycopy(right, 0, both, 32, 32);
        byte[] out = new byte[32];
        new Sha256d().hashPair(left, 0, right, 0, out, 0);
        assertArrayEquals(bouncyDouble(both), out);
    }

    @Test
    void hashPairMayWriteOverItsLeftInput() {
        byte[] node = new byte[32];
        byte[] sibling = new byte[32];
        sibling[0] = 1;
        byte[] both = new byte[64];
        both[32] = 1;
        new Sha256d().hashPair(node, 0, sibling, 0, node, 0);
        assertArrayEquals(bouncyDouble(both), node);
    }

    @Test
    void emptyInputHasTheKnownDoubleHash() {
        // SHA-256d("") = 5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456
        assertEquals("5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456",
                Hex.encode(Sha256d.of(new byte[0])));
    }

    private static byte[] bouncyDouble(byte[] data) {
        SHA256Digest d = new SHA256Digest();
        byte[] first = new byte[32];
        d.update(data, 0, data.length);
        d.doFinal(first, 0);
        byte[] second = new byte[32];
        d.update(first, 0, 32);
        d.doFinal(second, 0);
        return second;
    }
}
