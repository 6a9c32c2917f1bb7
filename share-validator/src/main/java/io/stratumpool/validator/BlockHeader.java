package io.stratumpool.validator;

/** The 80-byte block header, assembled from Stratum fields. */
public final class BlockHeader {
    public static final int SIZE = 80;

    private BlockHeader() {
    }

    /** Writes version, prevHash, merkleRoot, nTime, nBits and nonce (all little-endian) into {@code out[0,80)}. */
    public static void write(byte[] out, long version, byte[] prevHash, byte[] merkleRoot, long nTime, long nBits, long nonce) {
        putUInt32LE(out, 0, version);
        System.arraycopy(prevHash, 0, out, 4, 32);
        System.arraycopy(merkleRoot, 0, out, 36, 32);
        putUInt32LE(out, 68, nTime);
        putUInt32LE(out, 72, nBits);
        putUInt32LE(out, 76, nonce);
    }

    public static byte[] assemble(long version, Hash256 prevHash, Hash256 merkleRoot, long nTime, long nBits, long nonce) {
        byte[] out = new byte[SIZE];
        write(out, version, prevHash.bytes(), merkleRoot.bytes(), nTime, nBits, nonce);
        return out;
    }

    /** BIP310 version rolling: the job's bits outside the mask, the miner's bits inside it. */
    public static long rollVersion(long jobVersion, long versionBits, long mask) {
        return (jobVersion & ~mask | versionBits & mask) & 0xffffffffL;
    }

    static void putUInt32LE(byte[] out, int offset, long value) {
        out[offset] = (byte) value;
        out[offset + 1] = (byte) (value >>> 8);
        out[offset + 2] = (byte) (value >>> 16);
        out[offset + 3] = (byte) (value >>> 24);
    }
}
