package io.stratumpool.validator;

import io.stratumpool.validator.Verdict.Result;

/**
 * Checks one submitted share against its job: parses the miner's fields, rebuilds the coinbase,
 * folds the merkle branch, hashes the header and compares it with the share and network targets.
 * Not thread-safe: it owns scratch buffers and a digest; keep one per thread.
 */
public final class ShareValidator {
    private final Sha256d sha = new Sha256d();
    private final byte[] node = new byte[32];
    private final byte[] pair = new byte[64];
    private final byte[] header = new byte[BlockHeader.SIZE];
    private final byte[] hash = new byte[32];
    private final byte[] extranonce2 = new byte[16];
    private byte[] coinbase = new byte[512];

    /**
     * @param extranonce1 the session's extranonce1
     * @param shareTarget the target this share must meet
     * @param versionMask the version-rolling mask granted to the miner (0 when none)
     */
    public Verdict validate(Job job, byte[] extranonce1, Submission submission, Target shareTarget, long versionMask) {
        Coinbase cb = job.coinbase();
        int en2Size = cb.extranonce2Size();
        String en2Hex = submission.extranonce2();
        if (en2Hex == null || en2Hex.length() != 2 * en2Size) {
            return en2Hex != null && Hex.isHex(en2Hex) ? Verdict.rejected(Result.BAD_EXTRANONCE2_LENGTH)
                    : Verdict.rejected(Result.MALFORMED);
        }
        if (!Hex.decodeInto(en2Hex, extranonce2, 0, en2Size)) {
            return Verdict.rejected(Result.MALFORMED);
        }
        long nTime = Hex.parseUInt32(submission.nTime());
        long nonce = Hex.parseUInt32(submission.nonce());
        if (nTime < 0 || nonce < 0) {
            return Verdict.rejected(Result.MALFORMED);
        }
        if (nTime < job.minNTime() || nTime > job.maxNTime()) {
            return Verdict.rejected(Result.NTIME_OUT_OF_RANGE);
        }
        long version = job.version();
        if (submission.versionBits() != null) {
            long bits = Hex.parseUInt32(submission.versionBits());
            if (bits < 0) {
                return Verdict.rejected(Result.MALFORMED);
            }
            if ((bits & ~versionMask & 0xffffffffL) != 0) {
                return Verdict.rejected(Result.VERSION_BITS_OUTSIDE_MASK);
            }
            version = BlockHeader.rollVersion(version, bits, versionMask);
        }
        merkleRoot(job, extranonce1);
        BlockHeader.write(header, version, job.prevHashBytes(), node, nTime, job.nBits(), nonce);
        sha.hash(header, 0, BlockHeader.SIZE, hash, 0);
        return judge(job, shareTarget, en2Size);
    }

    private void merkleRoot(Job job, byte[] extranonce1) {
        Coinbase cb = job.coinbase();
        if (coinbase.length < cb.length()) {
            coinbase = new byte[cb.length() * 2];
        }
        int length = cb.writeWithoutWitness(extranonce1, extranonce2, 0, coinbase);
        // pair = node || sibling, hashed with one 64-byte update: the digest then compresses
        // straight from this array instead of first copying both halves into its own buffer.
        sha.hash(coinbase, 0, length, pair, 0);
        byte[] branch = job.merkleBranchFlat();
        for (int offset = 0; offset < branch.length; offset += 32) {
            System.arraycopy(branch, offset, pair, 32, 32);
            sha.hash(pair, 0, 64, pair, 0);
        }
        System.arraycopy(pair, 0, node, 0, 32);
    }

    private Verdict judge(Job job, Target shareTarget, int en2Size) {
        boolean block = job.networkTarget().isMetBy(hash, 0);
        if (!block && !shareTarget.isMetBy(hash, 0)) {
            return new Verdict(Result.LOW_DIFFICULTY, hash.clone(), Target.difficultyOf(hash, 0), null, null);
        }
        if (!job.duplicates().add(hash, 0)) {
            return new Verdict(Result.DUPLICATE, hash.clone(), Target.difficultyOf(hash, 0), null, null);
        }
        if (block) {
            return new Verdict(Result.BLOCK, hash.clone(), Target.difficultyOf(hash, 0), header.clone(),
                    java.util.Arrays.copyOf(extranonce2, en2Size));
        }
        return new Verdict(Result.ACCEPTED, hash.clone(), Target.difficultyOf(hash, 0), null, null);
    }
}
