package io.stratumpool.validator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A serialized block taken apart: its 80-byte header and its transactions, coinbase first. */
public record Block(byte[] header, List<Transaction> transactions) {

    public static Block parse(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes);
        byte[] header = reader.readBytes(BlockHeader.SIZE);
        long count = reader.readCompactSize();
        if (count < 1 || count > bytes.length / 10) {
            throw new IllegalArgumentException("block: implausible transaction count " + count);
        }
        List<Transaction> txs = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            txs.add(Transaction.read(reader));
        }
        if (reader.remaining() != 0) {
            throw new IllegalArgumentException("block: " + reader.remaining() + " trailing bytes");
        }
        return new Block(header, List.copyOf(txs));
    }

    public Hash256 hash() {
        return Hash256.of(header);
    }

    public Hash256 prevHash() {
        return Hash256.wrap(Arrays.copyOfRange(header, 4, 36));
    }

    public Hash256 merkleRoot() {
        return Hash256.wrap(Arrays.copyOfRange(header, 36, 68));
    }

    public long version() {
        return uint32(0);
    }

    public long nTime() {
        return uint32(68);
    }

    public long nBits() {
        return uint32(72);
    }

    public long nonce() {
        return uint32(76);
    }

    /** The merkle root recomputed from the transactions. */
    public Hash256 computeMerkleRoot() {
        return Merkle.root(transactions.stream().map(Transaction::txid).toList());
    }

    private long uint32(int offset) {
        return (header[offset] & 0xffL) | (header[offset + 1] & 0xffL) << 8 | (header[offset + 2] & 0xffL) << 16
                | (header[offset + 3] & 0xffL) << 24;
    }
}
