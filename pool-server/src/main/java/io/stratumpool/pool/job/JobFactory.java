package io.stratumpool.pool.job;

import io.stratumpool.validator.BlockHeader;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Coinbase;
import io.stratumpool.validator.CoinbaseBuilder;
import io.stratumpool.validator.CoinbaseOutput;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.Merkle;
import java.util.List;
import java.util.function.LongFunction;

/** Turns a template into a job: the coinbase (tag, extranonce space, payout outputs) and its merkle branch. */
public final class JobFactory {
    private final String poolTag;
    private final int extranonce1Size;
    private final int extranonce2Size;

    public JobFactory(String poolTag, int extranonce1Size, int extranonce2Size) {
        this.poolTag = poolTag;
        this.extranonce1Size = extranonce1Size;
        this.extranonce2Size = extranonce2Size;
    }

    public int extranonce2Size() {
        return extranonce2Size;
    }

    /** The template's coinbase size without payout outputs: what a byte budget has left after it. */
    public int fixedCoinbaseBytes(BlockTemplate template) {
        return CoinbaseBuilder.forTemplate(template).poolTag(poolTag).extranonceSizes(extranonce1Size, extranonce2Size)
                .sizeWithoutPayouts();
    }

    /** A job whose coinbase pays the plan's outputs. */
    public Job create(String jobId, BlockTemplate template, CoinbasePlan plan) {
        return create(jobId, template, value -> plan.outputs());
    }

    /** A job whose coinbase pays the outputs the function gives for the template's coinbase value. */
    public Job create(String jobId, BlockTemplate template, LongFunction<List<CoinbaseOutput>> payouts) {
        Coinbase coinbase = CoinbaseBuilder.forTemplate(template)
                .poolTag(poolTag)
                .extranonceSizes(extranonce1Size, extranonce2Size)
                .payouts(payouts.apply(template.coinbaseValue()))
                .build();
        return Job.of(jobId, template, coinbase);
    }

    /**
     * The job's block with zero extranonces and nonce: everything but the proof of work, for a
     * BIP23 proposal to the node before miners see the job.
     */
    public static byte[] proposalBlock(Job job) {
        byte[] extranonce1 = new byte[job.coinbase().extranonce1Size()];
        byte[] extranonce2 = new byte[job.coinbase().extranonce2Size()];
        byte[] root = Merkle.foldBranch(job.coinbase().txid(extranonce1, extranonce2), job.merkleBranch()).bytes();
        byte[] header = new byte[BlockHeader.SIZE];
        BlockHeader.write(header, job.version(), job.prevHash().bytes(), root, job.nTime(), job.nBits(), 0);
        return job.serializeBlock(header, extranonce1, extranonce2);
    }
}
