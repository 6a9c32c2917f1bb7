package io.stratumpool.validator;

/**
 * A coinbase transaction split around its extranonce, as Stratum sends it: the serialization
 * without witness is {@code coinb1 || extranonce1 || extranonce2 || coinb2}. When the block carries
 * a witness commitment, the block's copy of the coinbase gets the 32-zero-byte witness reserved value.
 */
public final class Coinbase {
    private final byte[] coinb1;
    private final byte[] coinb2;
    private final int extranonce1Size;
    private final int extranonce2Size;
    private final boolean segwit;

    public Coinbase(byte[] coinb1, byte[] coinb2, int extranonce1Size, int extranonce2Size, boolean segwit) {
        if (coinb1.length < 42 || coinb2.length < 9) {
            throw new IllegalArgumentException("coinbase: coinb1/coinb2 too short for a transaction");
        }
        this.coinb1 = coinb1.clone();
        this.coinb2 = coinb2.clone();
        this.extranonce1Size = extranonce1Size;
        this.extranonce2Size = extranonce2Size;
        this.segwit = segwit;
    }

    public byte[] coinb1() {
        return coinb1.clone();
    }

    public byte[] coinb2() {
        return coinb2.clone();
    }

    public String coinb1Hex() {
        return Hex.encode(coinb1);
    }

    public String coinb2Hex() {
        return Hex.encode(coinb2);
    }

    public int extranonce1Size() {
        return extranonce1Size;
    }

    public int extranonce2Size() {
        return extranonce2Size;
    }

    /** True when the block's coinbase must carry the witness reserved value. */
    public boolean segwit() {
        return segwit;
    }

    /** Length of the serialization without witness. */
    public int length() {
        return coinb1.length + extranonce1Size + extranonce2Size + coinb2.length;
    }

    /** Writes {@code coinb1 || extranonce1 || extranonce2 || coinb2} into {@code dst}; returns the length. */
    public int writeWithoutWitness(byte[] extranonce1, byte[] extranonce2, int extranonce2Offset, byte[] dst) {
        int p = 0;
        System.arraycopy(coinb1, 0, dst, p, coinb1.length);
        p += coinb1.length;
        System.arraycopy(extranonce1, 0, dst, p, extranonce1Size);
        p += extranonce1Size;
        System.arraycopy(extranonce2, extranonce2Offset, dst, p, extranonce2Size);
        p += extranonce2Size;
        System.arraycopy(coinb2, 0, dst, p, coinb2.length);
        return p + coinb2.length;
    }

    /** The serialization without witness (what the txid hashes). */
    public byte[] withoutWitness(byte[] extranonce1, byte[] extranonce2) {
        checkSizes(extranonce1, extranonce2);
        byte[] out = new byte[length()];
        writeWithoutWitness(extranonce1, extranonce2, 0, out);
        return out;
    }

    /**
     * The coinbase as it goes into the block: with the BIP141 marker, flag and a witness of one
     * 32-byte zero item when segwit, otherwise the plain serialization.
     */
    public byte[] forBlock(byte[] extranonce1, byte[] extranonce2) {
        byte[] plain = withoutWitness(extranonce1, extranonce2);
        if (!segwit) {
            return plain;
        }
        ByteWriter out = new ByteWriter(plain.length + 36);
        out.writeBytes(plain, 0, 4).writeByte(0).writeByte(1);
        out.writeBytes(plain, 4, plain.length - 8);
        out.writeByte(1).writeByte(32).writeBytes(new byte[32]);
        out.writeBytes(plain, plain.length - 4, 4);
        return out.toByteArray();
    }

    public Hash256 txid(byte[] extranonce1, byte[] extranonce2) {
        return Hash256.of(withoutWitness(extranonce1, extranonce2));
    }

    private void checkSizes(byte[] extranonce1, byte[] extranonce2) {
        if (extranonce1.length != extranonce1Size || extranonce2.length != extranonce2Size) {
            throw new IllegalArgumentException("extranonce sizes " + extranonce1.length + "+" + extranonce2.length
                    + " (expected: " + extranonce1Size + "+" + extranonce2Size + ")");
        }
    }
}
