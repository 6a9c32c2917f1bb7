package io.stratumpool.validator;

import java.util.ArrayList;
import java.util.List;

/** Synthetic jobs and a brute-force nonce search for validator tests. */
final class TestJobs {
    static final byte[] EXTRANONCE1 = Hex.decode("a1b2c3d4");
    static final long NTIME = 1_700_000_000L;
    static final byte[] P2WPKH = Hex.decode("0014" + "11".repeat(20));

    private TestJobs() {
    }

    /** A segwit job with {@code txCount} synthetic transactions and the given network nBits. */
    static Job job(long nBits, int txCount) {
        List<TemplateTransaction> txs = new ArrayList<>();
        for (int i = 0; i < txCount; i++) {
            txs.add(TemplateTransaction.of(syntheticTx(i), 1000, List.of()));
        }
        Hash256 prev = Hash256.of(new byte[] {7});
        List<Hash256> wtxids = txs.stream().map(TemplateTransaction::wtxid).toList();
        byte[] commitment = Merkle.witnessCommitmentScript(Merkle.witnessCommitment(wtxids, new byte[32]));
        BlockTemplate template = new BlockTemplate(840_000, 0x20000000, prev, nBits, NTIME, NTIME - 600,
                312_500_000L, txs, commitment, null);
        Coinbase coinbase = CoinbaseBuilder.forTemplate(template).poolTag("/test/")
                .payout(template.coinbaseValue(), P2WPKH).build();
        return Job.of("1f", template, coinbase);
    }

    /** A minimal valid one-input, one-output transaction, unique per seed. */
    static byte[] syntheticTx(int seed) {
        return new ByteWriter().writeUInt32LE(2).writeCompactSize(1)
                .writeBytes(Hash256.of(new byte[] {(byte) seed, (byte) (seed >> 8), 1}).bytes()).writeUInt32LE(0)
                .writeCompactSize(0).writeUInt32LE(0xffffffffL)
                .writeCompactSize(1).writeInt64LE(10_000 + seed).writeVarBytes(P2WPKH)
                .writeUInt32LE(0).toByteArray();
    }

    static Submission submission(String en2, long nonce) {
        return new Submission(en2, String.format("%08x", NTIME), String.format("%08x", nonce), null);
    }

    /** The first nonce from {@code start} whose share gets the wanted result. */
    static long findNonce(Job job, String en2, Target shareTarget, Verdict.Result wanted, long start) {
        Job scratch = freshCopy(job); // distinct nonces never collide in its duplicate filter
        ShareValidator validator = new ShareValidator();
        for (long nonce = start; nonce < start + 5_000_000; nonce++) {
            Verdict v = validator.validate(scratch, EXTRANONCE1, submission(en2, nonce), shareTarget, 0);
            if (v.result() == wanted) {
                return nonce;
            }
        }
        throw new AssertionError("no nonce found for " + wanted);
    }

    /** The same work with an empty duplicate filter. */
    static Job freshCopy(Job job) {
        return new Job(job.jobId(), job.template(), job.coinbase(), job.nTime(), job.maxNTime() - job.nTime());
    }
}
