package io.stratumpool.validator;

import java.util.Arrays;

/**
 * A 32-byte hash kept in internal byte order (as it is serialized in blocks and as SHA-256d
 * outputs it). RPC and block explorers show hashes reversed: use {@link #fromHexReversed} and
 * {@link #toHexReversed} for that form.
 */
public final class Hash256 {
    public static final Hash256 ZERO = new Hash256(new byte[32]);

    private final byte[] bytes;

    private Hash256(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("hash: length " + bytes.length + " (expected: 32)");
        }
        this.bytes = bytes;
    }

    /** Copies 32 bytes given in internal byte order. */
    public static Hash256 wrap(byte[] internalOrder) {
        return new Hash256(internalOrder.clone());
    }

    /** Copies 32 bytes given in reversed (display) order. */
    public static Hash256 wrapReversed(byte[] displayOrder) {
        byte[] copy = displayOrder.clone();
        Hex.reverse(copy);
        return new Hash256(copy);
    }

    /** Parses hex in internal byte order. */
    public static Hash256 fromHex(String hex) {
        return new Hash256(Hex.decode(hex));
    }

    /** Parses hex in display order, as RPC ({@code getblocktemplate}, {@code getbestblockhash}) gives it. */
    public static Hash256 fromHexReversed(String hex) {
        return new Hash256(Hex.decodeReversed(hex));
    }

    /** SHA-256d of the data. */
    public static Hash256 of(byte[] data) {
        return new Hash256(Sha256d.of(data));
    }

    /**
     * Parses the Stratum {@code prevhash} notation: the internal-order hash with every 4-byte word
     * byte-swapped.
     */
    public static Hash256 fromStratumHex(String hex) {
        byte[] b = Hex.decode(hex);
        swapWords(b);
        return new Hash256(b);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public void writeTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, 32);
    }

    public String toHex() {
        return Hex.encode(bytes);
    }

    public String toHexReversed() {
        return Hex.encodeReversed(bytes);
    }

    /** The Stratum {@code prevhash} notation (see {@link #fromStratumHex}). */
    public String toStratumHex() {
        byte[] b = bytes.clone();
        swapWords(b);
        return Hex.encode(b);
    }

    private static void swapWords(byte[] b) {
        for (int i = 0; i < 32; i += 4) {
            byte t0 = b[i];
            byte t1 = b[i + 1];
            b[i] = b[i + 3];
            b[i + 1] = b[i + 2];
            b[i + 2] = t1;
            b[i + 3] = t0;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash256 h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The display (reversed) hex, as humans and RPC know hashes. */
    @Override
    public String toString() {
        return toHexReversed();
    }
}
