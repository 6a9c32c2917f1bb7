package io.stratumpool.pool.node;

import io.stratumpool.validator.ByteWriter;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Sha256d;
import io.stratumpool.validator.Transaction;
import java.util.List;

/**
 * Builds and signs real segwit v0 transactions that spend P2WPKH outputs of a {@link TestKey}:
 * BIP143 signature hashes with SIGHASH_ALL. Enough to put genuine mempool transactions, including
 * parent/child chains, into a node's block template.
 */
public final class P2wpkhTransactions {
    private static final int SIGHASH_ALL = 1;
    private static final long SEQUENCE = 0xfffffffdL; // final enough, and signals nothing odd

    /** An output of ours that can be spent. */
    public record Coin(Hash256 txid, int index, long value) {
    }

    /** A new output: value in satoshis to a script. */
    public record Payment(long value, byte[] script) {
    }

    private P2wpkhTransactions() {
    }

    /** A version-2 transaction spending {@code coins} (all owned by {@code key}) to {@code payments}. */
    public static byte[] spend(TestKey key, List<Coin> coins, List<Payment> payments) {
        ByteWriter tx = new ByteWriter().writeUInt32LE(2).writeByte(0).writeByte(1).writeCompactSize(coins.size());
        for (Coin c : coins) {
            tx.writeBytes(c.txid().bytes()).writeUInt32LE(c.index()).writeCompactSize(0).writeUInt32LE(SEQUENCE);
        }
        tx.writeCompactSize(payments.size());
        for (Payment p : payments) {
            tx.writeInt64LE(p.value()).writeVarBytes(p.script());
        }
        for (int i = 0; i < coins.size(); i++) {
            byte[] signature = key.signDer(sighash(key, coins, payments, i));
            byte[] withType = java.util.Arrays.copyOf(signature, signature.length + 1);
            withType[signature.length] = SIGHASH_ALL;
            tx.writeCompactSize(2).writeVarBytes(withType).writeVarBytes(key.publicKey());
        }
        return tx.writeUInt32LE(0).toByteArray();
    }

    /** Pays all but {@code fee} of one coin back to the key: the simplest real spend. */
    public static byte[] spendToSelf(TestKey key, Coin coin, long fee) {
        return spend(key, List.of(coin), List.of(new Payment(coin.value() - fee, key.p2wpkhScript())));
    }

    /** Output {@code index} of a transaction, as a coin to spend next (for a child of an unconfirmed parent). */
    public static Coin output(byte[] transaction, int index) {
        Transaction tx = Transaction.parse(transaction);
        return new Coin(tx.txid(), index, tx.outputs().get(index).value());
    }

    /** BIP143 digest for input {@code n}. */
    private static byte[] sighash(TestKey key, List<Coin> coins, List<Payment> payments, int n) {
        ByteWriter prevouts = new ByteWriter();
        ByteWriter sequences = new ByteWriter();
        for (Coin c : coins) {
            prevouts.writeBytes(c.txid().bytes()).writeUInt32LE(c.index());
            sequences.writeUInt32LE(SEQUENCE);
        }
        ByteWriter outputs = new ByteWriter();
        for (Payment p : payments) {
            outputs.writeInt64LE(p.value()).writeVarBytes(p.script());
        }
        Coin coin = coins.get(n);
        byte[] scriptCode = new ByteWriter().writeByte(0x76).writeByte(0xa9).writeByte(0x14)
                .writeBytes(key.pubKeyHash()).writeByte(0x88).writeByte(0xac).toByteArray();
        byte[] preimage = new ByteWriter().writeUInt32LE(2)
                .writeBytes(Sha256d.of(prevouts.toByteArray()))
                .writeBytes(Sha256d.of(sequences.toByteArray()))
                .writeBytes(coin.txid().bytes()).writeUInt32LE(coin.index())
                .writeVarBytes(scriptCode)
                .writeInt64LE(coin.value())
                .writeUInt32LE(SEQUENCE)
                .writeBytes(Sha256d.of(outputs.toByteArray()))
                .writeUInt32LE(0)
                .writeUInt32LE(SIGHASH_ALL)
                .toByteArray();
        return Sha256d.of(preimage);
    }
}
