package io.stratumpool.pool.node;

import io.stratumpool.pool.block.FoundBlock;
import io.stratumpool.validator.BlockHeader;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.ByteReader;
import io.stratumpool.validator.Coinbase;
import io.stratumpool.validator.CoinbaseBuilder;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.ShareValidator;
import io.stratumpool.validator.Submission;
import io.stratumpool.validator.Target;
import io.stratumpool.validator.Transaction;
import io.stratumpool.validator.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocks built the way the pool builds them (share-validator's CoinbaseBuilder, Job and
 * ShareValidator), with the nonce found by brute force: the regtest target is trivial.
 */
final class TestBlocks {
    static final byte[] EXTRANONCE1 = {0x0a, 0x0b, 0x0c, 0x0d};
    static final String POOL_TAG = "/stratumpool-it/";

    /** A solved block and what the submitter needs to know about it. */
    record Solved(Job job, byte[] block, Hash256 hash) {
        FoundBlock found() {
            BlockTemplate t = job.template();
            return new FoundBlock(hash, t.height(), t.prevHash(), block, "it-user", "rig1", 1.0,
                    t.networkTarget().difficulty(), t.coinbaseValue());
        }
    }

    /** A parsed block: header and transactions. */
    record ParsedBlock(byte[] header, List<Transaction> transactions) {
        Transaction coinbase() {
            return transactions.get(0);
        }
    }

    private TestBlocks() {
    }

    static Job job(BlockTemplate template, byte[] payoutScript) {
        Coinbase coinbase = CoinbaseBuilder.forTemplate(template).poolTag(POOL_TAG).extranonceSizes(4, 4)
                .payout(template.coinbaseValue(), payoutScript).build();
        return Job.of("it-" + template.height(), template, coinbase);
    }

    /** Mines the template through the pool's own share validator until a share is a block. */
    static Solved solve(BlockTemplate template, byte[] payoutScript) {
        Job job = job(template, payoutScript);
        ShareValidator validator = new ShareValidator();
        for (long nonce = 0; nonce <= 0xffffffffL; nonce++) {
            Submission share = new Submission("00000001", job.nTimeHex(), String.format("%08x", nonce), null);
            Verdict verdict = validator.validate(job, EXTRANONCE1, share, job.networkTarget(), 0);
            if (verdict.result() == Verdict.Result.BLOCK) {
                byte[] block = job.serializeBlock(verdict.header(), EXTRANONCE1, verdict.extranonce2());
                return new Solved(job, block, Hash256.wrap(verdict.hash()));
            }
        }
        throw new AssertionError("no nonce solves height " + template.height());
    }

    /** The block's header, edited by {@code edit} and solved again, so only the edit is wrong with it. */
    static byte[] withHeader(byte[] block, java.util.function.Consumer<byte[]> edit, Target target) {
        byte[] out = block.clone();
        edit.accept(out); // edits bytes [0, 80)
        byte[] header = java.util.Arrays.copyOf(out, BlockHeader.SIZE);
        for (long nonce = 0; nonce <= 0xffffffffL; nonce++) {
            header[76] = (byte) nonce;
            header[77] = (byte) (nonce >>> 8);
            header[78] = (byte) (nonce >>> 16);
            header[79] = (byte) (nonce >>> 24);
            if (target.isMetBy(Hash256.of(header))) {
                System.arraycopy(header, 0, out, 0, BlockHeader.SIZE);
                return out;
            }
        }
        throw new AssertionError("no nonce");
    }

    static Hash256 hashOf(byte[] block) {
        return Hash256.of(java.util.Arrays.copyOf(block, BlockHeader.SIZE));
    }

    static ParsedBlock parse(byte[] block) {
        ByteReader reader = new ByteReader(block);
        byte[] header = reader.readBytes(BlockHeader.SIZE);
        long count = reader.readCompactSize();
        List<Transaction> txs = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            txs.add(Transaction.read(reader));
        }
        return new ParsedBlock(header, txs);
    }
}
