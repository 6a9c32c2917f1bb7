package io.stratumpool.pool.testing;

import io.stratumpool.validator.BlockHeader;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.Sha256d;
import io.stratumpool.validator.Target;

/** Brute-force nonce search the way a miner does it, for tests that need shares of a chosen quality. */
public final class TestMining {
    private TestMining() {
    }

    /** A found share: the nonce and its header hash. */
    public record Found(long nonce, byte[] hash) {
        public String nonceHex() {
            return String.format("%08x", nonce);
        }
    }

    /**
     * The first nonce from {@code start} whose header hash meets {@code meets} but not {@code notMeets}
     * (null: no upper bound).
     */
    public static Found find(Job job, byte[] extranonce1, byte[] extranonce2, long nTime, long version, Target meets,
            Target notMeets, long start) {
        byte[] coinbase = job.coinbase().withoutWitness(extranonce1, extranonce2);
        Hash256 root = Merkle.foldBranch(Hash256.of(coinbase), job.merkleBranch());
        byte[] header = new byte[80];
        byte[] hash = new byte[32];
        Sha256d sha = new Sha256d();
        for (long nonce = start; nonce < start + 50_000_000L; nonce++) {
            BlockHeader.write(header, version, job.prevHash().bytes(), root.bytes(), nTime, job.nBits(), nonce);
            sha.hash(header, 0, 80, hash, 0);
            if (meets.isMetBy(hash, 0) && (notMeets == null || !notMeets.isMetBy(hash, 0))) {
                return new Found(nonce, hash.clone());
            }
        }
        throw new AssertionError("no nonce found");
    }

    public static Found find(Job job, String extranonce1Hex, String extranonce2Hex, Target meets, Target notMeets) {
        return find(job, Hex.decode(extranonce1Hex), Hex.decode(extranonce2Hex), job.nTime(), job.version(), meets, notMeets, 0);
    }
}
