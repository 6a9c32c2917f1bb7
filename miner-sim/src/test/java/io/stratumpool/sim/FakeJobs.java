package io.stratumpool.sim;

import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Coinbase;
import io.stratumpool.validator.CoinbaseBuilder;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.TemplateTransaction;
import java.util.ArrayList;
import java.util.List;

/** Regtest-easy jobs built with share-validator, as a pool would build them from a template. */
final class FakeJobs {
    /** Network difficulty 1: no CPU finds a block in a test. */
    static final long NBITS_NO_BLOCKS = 0x1d00ffffL;
    /** Network difficulty about 2.4e-4: a miner at difficulty 2e-5 finds a block every dozen shares. */
    static final long NBITS_EASY_BLOCKS = 0x1e0fffffL;
    static final int EXTRANONCE1_SIZE = 4;
    static final int EXTRANONCE2_SIZE = 4;
    static final long NTIME = 1_700_000_000L;

    private FakeJobs() {
    }

    /** A job with three fabricated transactions, so the merkle branch has two levels to fold. */
    static Job job(String jobId, long nBits, long height) {
        List<TemplateTransaction> txs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Hash256 txid = Hash256.of(new byte[] {(byte) i, (byte) height});
            txs.add(new TemplateTransaction(new byte[16], txid, txid, 1000, 400, List.of()));
        }
        Hash256 prev = Hash256.of(("prev block " + height).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        BlockTemplate template = new BlockTemplate(height, 0x20000000, prev, nBits, NTIME, NTIME - 600,
                5_000_000_000L, txs, null, null);
        byte[] payoutScript = new byte[22];
        payoutScript[1] = 0x14; // P2WPKH: OP_0 PUSH20 <hash>
        Coinbase coinbase = CoinbaseBuilder.forTemplate(template).poolTag("/fake-pool/")
                .extranonceSizes(EXTRANONCE1_SIZE, EXTRANONCE2_SIZE)
                .payout(template.coinbaseValue(), payoutScript).build();
        return Job.of(jobId, template, coinbase);
    }

    /** The mining.notify params of a job. */
    static List<Object> notifyParams(Job job, boolean clean) {
        return List.of(job.jobId(), job.prevHashStratum(), job.coinbase().coinb1Hex(), job.coinbase().coinb2Hex(),
                job.merkleBranchHex(), job.versionHex(), job.nBitsHex(), job.nTimeHex(), clean);
    }
}
