package io.stratumpool.pool.sandbox;

import io.stratumpool.validator.ByteWriter;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.TemplateTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Transactions for the sandbox's templates: real segwit serialization (P2WPKH spends with a
 * signature-sized witness), so txids and wtxids differ and merkle branches and witness commitments
 * are non-trivial. Every fourth one spends the one before it, so templates carry {@code depends}.
 * Nothing here is signed: the sandbox checks block structure and proof of work, not scripts.
 */
final class SyntheticTransactions {
    private SyntheticTransactions() {
    }

    static List<TemplateTransaction> generate(int count, long seed) {
        Random random = new Random(seed);
        List<TemplateTransaction> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean child = i % 4 == 3;
            Hash256 spent = child ? txs.get(i - 1).txid() : randomHash(random);
            long fee = 200 + random.nextInt(4800);
            byte[] data = spend(spent, random, 10_000 + random.nextInt(1_000_000));
            txs.add(TemplateTransaction.of(data, fee, child ? List.of(i) : List.of()));
        }
        return txs;
    }

    private static byte[] spend(Hash256 prevTxid, Random random, long value) {
        byte[] program = new byte[20];
        random.nextBytes(program);
        byte[] signature = new byte[71];
        random.nextBytes(signature);
        signature[0] = 0x30;
        byte[] pubkey = new byte[33];
        random.nextBytes(pubkey);
        pubkey[0] = 0x02;
        ByteWriter out = new ByteWriter(200).writeUInt32LE(2).writeByte(0).writeByte(1)
                .writeCompactSize(1).writeBytes(prevTxid.bytes()).writeUInt32LE(0).writeCompactSize(0)
                .writeUInt32LE(0xfffffffdL)
                .writeCompactSize(1).writeInt64LE(value).writeCompactSize(22).writeByte(0).writeByte(20).writeBytes(program);
        out.writeCompactSize(2).writeVarBytes(signature).writeVarBytes(pubkey);
        return out.writeUInt32LE(0).toByteArray();
    }

    private static Hash256 randomHash(Random random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Hash256.wrap(b);
    }
}
