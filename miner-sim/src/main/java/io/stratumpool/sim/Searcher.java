package io.stratumpool.sim;

import io.stratumpool.validator.BlockHeader;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Sha256d;
import io.stratumpool.validator.Target;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Walks a job's header space like an ASIC: nonces innermost, then rolled versions within the
 * granted mask, then a fresh extranonce2. Keeps its position across calls so a miner resumes where
 * its last batch stopped. Not thread-safe; one batch at a time.
 */
final class Searcher {
    private static final long NONCE_LIMIT = 0x1_0000_0000L;

    private final Sha256d sha = new Sha256d();
    private final LongSupplier extranonce2Allocator;
    private final byte[] header = new byte[BlockHeader.SIZE];
    private final byte[] hash = new byte[32];
    private byte[] coinbase = new byte[256];
    private long generation = -1;
    private long extranonce2;
    private long versionIndex;
    private long version;
    private long nonce;

    /** @param extranonce2Allocator hands out extranonce2 values never used before by this miner */
    Searcher(LongSupplier extranonce2Allocator) {
        this.extranonce2Allocator = extranonce2Allocator;
    }

    /** Hashes up to {@code maxHashes} headers of the work, passing each share found to the sink; returns hashes done. */
    long search(Work work, long maxHashes, Consumer<Share> sink) {
        if (work.generation() != generation) {
            begin(work);
        }
        Target share = work.shareTarget();
        Target network = work.networkTarget();
        for (long done = 0; done < maxHashes; done++) {
            if (nonce == NONCE_LIMIT) {
                advance(work);
            }
            HeaderBits.putNonce(header, nonce);
            sha.hash(header, 0, BlockHeader.SIZE, hash, 0);
            if (share.isMetBy(hash, 0) || network.isMetBy(hash, 0)) {
                sink.accept(current(work));
            }
            nonce++;
        }
        return maxHashes;
    }

    /** Searches until a share meets the work's difficulty or the timeout passes, reporting hashes done. */
    Optional<Share> find(Work work, Duration timeout, LongConsumer hashed) {
        Share[] found = new Share[1];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found[0] == null && System.nanoTime() < deadline) {
            hashed.accept(search(work, HashLoop.BATCH, s -> {
                if (found[0] == null && s.meetsWorkDifficulty()) {
                    found[0] = s;
                }
            }));
        }
        return Optional.ofNullable(found[0]);
    }

    /** Hashes one given nonce on a fresh extranonce2 of the work: a share that may or may not meet the target. */
    Share hashNonce(Work work, long givenNonce) {
        begin(work);
        nonce = givenNonce & 0xffffffffL;
        HeaderBits.putNonce(header, nonce);
        sha.hash(header, 0, BlockHeader.SIZE, hash, 0);
        return current(work);
    }

    private void begin(Work work) {
        generation = work.generation();
        versionIndex = firstVersionIndex(work);
        extranonce2 = extranonce2Allocator.getAsLong();
        rebuild(work);
    }

    private void advance(Work work) {
        long maxIndex = (1L << Long.bitCount(activeMask(work))) - 1;
        if (versionIndex < maxIndex) {
            versionIndex++;
        } else {
            versionIndex = firstVersionIndex(work);
            extranonce2 = extranonce2Allocator.getAsLong();
        }
        rebuild(work);
    }

    // Index 0 would leave every rolled bit clear; start at 1 so rolling is visible in submits.
    private static long firstVersionIndex(Work work) {
        return activeMask(work) == 0 ? 0 : 1;
    }

    private static long activeMask(Work work) {
        return work.versionRolling() ? work.versionMask() & 0xffffffffL : 0;
    }

    private void rebuild(Work work) {
        StratumJob job = work.job();
        long mask = activeMask(work);
        version = (job.version() & ~mask | HeaderBits.deposit(versionIndex, mask)) & 0xffffffffL;
        byte[] root = merkleRoot(work);
        BlockHeader.write(header, version, job.prevHash().bytes(), root, job.nTime(), job.nBits(), 0);
        nonce = 0;
    }

    private byte[] merkleRoot(Work work) {
        StratumJob job = work.job();
        int length = job.coinb1().length + work.extranonce1().length + work.extranonce2Size() + job.coinb2().length;
        if (coinbase.length < length) {
            coinbase = new byte[length * 2];
        }
        int p = put(job.coinb1(), 0);
        p = put(work.extranonce1(), p);
        p = put(HeaderBits.counterBytes(extranonce2, work.extranonce2Size()), p);
        p = put(job.coinb2(), p);
        byte[] node = new byte[32];
        sha.hash(coinbase, 0, p, node, 0);
        for (byte[] sibling : job.merkleBranch()) {
            sha.hashPair(node, 0, sibling, 0, node, 0);
        }
        return node;
    }

    private int put(byte[] bytes, int offset) {
        System.arraycopy(bytes, 0, coinbase, offset, bytes.length);
        return offset + bytes.length;
    }

    private Share current(Work work) {
        String en2 = Hex.encode(HeaderBits.counterBytes(extranonce2, work.extranonce2Size()));
        String bits = work.versionRolling() ? String.format("%08x", version & work.versionMask()) : null;
        boolean block = work.networkTarget().isMetBy(hash, 0);
        return new Share(work.job().jobId(), en2, work.job().nTimeHex(), String.format("%08x", nonce), bits,
                hash.clone(), Target.difficultyOf(hash, 0), work.difficulty(), block);
    }
}
