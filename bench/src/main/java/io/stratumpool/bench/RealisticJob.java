package io.stratumpool.bench;

import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.ByteWriter;
import io.stratumpool.validator.Coinbase;
import io.stratumpool.validator.CoinbaseBuilder;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.TemplateTransaction;
import java.util.ArrayList;
import java.util.List;

/**
 * A mainnet-shaped job: 3,000 template transactions (a 12-level merkle branch) and a coinbase of
 * about 250 bytes (height push, pool tag, 4+8 bytes of extranonce, three payouts and the witness
 * commitment), with mainnet-like nBits so no synthetic share is a block.
 */
public final class RealisticJob {
    public static final byte[] EXTRANONCE1 = Hex.decode("0a0b0c0d");
    public static final long NTIME = 1_760_000_000L;
    public static final int TRANSACTIONS = 3000;

    private RealisticJob() {
    }

    public static Job create(String jobId) {
        List<TemplateTransaction> txs = new ArrayList<>(TRANSACTIONS);
        for (int i = 0; i < TRANSACTIONS; i++) {
            byte[] data = new ByteWriter().writeUInt32LE(2).writeCompactSize(1)
                    .writeBytes(Hash256.of(new byte[] {(byte) i, (byte) (i >> 8)}).bytes()).writeUInt32LE(0)
                    .writeCompactSize(0).writeUInt32LE(0xfffffffdL).writeCompactSize(1)
                    .writeInt64LE(50_000 + i).writeVarBytes(Hex.decode("0014" + "33".repeat(20)))
                    .writeUInt32LE(0).toByteArray();
            txs.add(TemplateTransaction.of(data, 500, List.of()));
        }
        byte[] commitment = Merkle.witnessCommitmentScript(
                Merkle.witnessCommitment(txs.stream().map(TemplateTransaction::wtxid).toList(), new byte[32]));
        BlockTemplate template = new BlockTemplate(925_000, 0x20000000, Hash256.of(new byte[] {9}), 0x17023a04L,
                NTIME, NTIME - 3600, 318_000_000L, txs, commitment, null);
        Coinbase coinbase = CoinbaseBuilder.forTemplate(template)
                .poolTag("/StratumPool benchmark coinbase tag, long like real pools/")
                .extranonceSizes(4, 8)
                .payout(300_000_000L, Hex.decode("5120" + "44".repeat(32)))
                .payout(15_000_000L, Hex.decode("0014" + "55".repeat(20)))
                .payout(3_000_000L, Hex.decode("76a914" + "66".repeat(20) + "88ac"))
                .build();
        return Job.of(jobId, template, coinbase);
    }
}
