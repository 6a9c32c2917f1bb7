package io.stratumpool.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stratumpool.validator.Hex;

/**
 * One {@code mining.submit} as hex fields, plus what the miner knew when it made it: the header
 * hash (internal byte order, null for a hand-made share), the difficulty that hash achieved, the
 * share difficulty it was made for, and whether it met the network target (a block).
 * The {@code with…} methods make the malformed or misdirected variants tests need.
 */
public record Share(
        String jobId,
        String extranonce2,
        String nTime,
        String nonce,
        String versionBits,
        byte[] hash,
        double hashDifficulty,
        double workDifficulty,
        boolean block) {

    /** The submit params: worker, job id, extranonce2, ntime, nonce and, when rolling, version bits. */
    public ArrayNode params(String worker) {
        return versionBits == null
                ? JsonLines.arrayOf(worker, jobId, extranonce2, nTime, nonce)
                : JsonLines.arrayOf(worker, jobId, extranonce2, nTime, nonce, versionBits);
    }

    /** True when the hash met the share difficulty the miner was working at. */
    public boolean meetsWorkDifficulty() {
        return hashDifficulty >= workDifficulty;
    }

    /** The header hash in display (reversed) hex, as explorers show block hashes. */
    public String hashHex() {
        return hash == null ? null : Hex.encodeReversed(hash);
    }

    public Share withJobId(String newJobId) {
        return new Share(newJobId, extranonce2, nTime, nonce, versionBits, hash, hashDifficulty, workDifficulty, block);
    }

    public Share withExtranonce2(String newExtranonce2) {
        return new Share(jobId, newExtranonce2, nTime, nonce, versionBits, hash, hashDifficulty, workDifficulty, block);
    }

    public Share withNTime(String newNTime) {
        return new Share(jobId, extranonce2, newNTime, nonce, versionBits, hash, hashDifficulty, workDifficulty, block);
    }

    public Share withNonce(String newNonce) {
        return new Share(jobId, extranonce2, nTime, newNonce, versionBits, hash, hashDifficulty, workDifficulty, block);
    }

    /** Version bits to send as the sixth param; null sends five params. */
    public Share withVersionBits(String newVersionBits) {
        return new Share(jobId, extranonce2, nTime, nonce, newVersionBits, hash, hashDifficulty, workDifficulty, block);
    }
}
