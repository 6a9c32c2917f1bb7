package io.stratumpool.sim;

/**
 * The bit work both searchers (V1's {@code Searcher}, V2's {@code V2Searcher}) do on a header and
 * its extranonce: the nonce written little-endian, an extranonce counter in bytes, and version-rolling
 * indices spread over a mask.
 */
public final class HeaderBits {
    private HeaderBits() {
    }

    /** Writes the nonce little-endian into bytes 76..79 of an 80-byte header. */
    public static void putNonce(byte[] header, long n) {
        header[76] = (byte) n;
        header[77] = (byte) (n >>> 8);
        header[78] = (byte) (n >>> 16);
        header[79] = (byte) (n >>> 24);
    }

    /** The counter big-endian in the last (up to eight) bytes of an array of {@code size}. */
    public static byte[] counterBytes(long counter, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < Math.min(size, 8); i++) {
            out[size - 1 - i] = (byte) (counter >>> (8 * i));
        }
        return out;
    }

    /** Spreads the low bits of {@code index} over the set bits of {@code mask}, lowest first (a software PDEP). */
    public static long deposit(long index, long mask) {
        long out = 0;
        long remaining = mask;
        for (; remaining != 0 && index != 0; index >>>= 1) {
            long low = Long.lowestOneBit(remaining);
            if ((index & 1) != 0) {
                out |= low;
            }
            remaining &= ~low;
        }
        return out;
    }
}
