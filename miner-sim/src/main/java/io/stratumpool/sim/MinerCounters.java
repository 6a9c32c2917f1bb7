package io.stratumpool.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of one miner's (or a fleet's) counters. {@code rejectedByCode} keys are Stratum error
 * codes (21 stale, 22 duplicate, 23 low difficulty, …); -1 counts rejects the pool gave no code for.
 * {@code blocks} counts submitted shares whose hash met the network target of their job.
 */
public record MinerCounters(
        long hashes,
        long submitted,
        long accepted,
        long rejected,
        long blocks,
        long blocksAccepted,
        double acceptedDifficulty,
        Map<Integer, Long> rejectedByCode) {

    public static final MinerCounters ZERO = new MinerCounters(0, 0, 0, 0, 0, 0, 0, Map.of());

    public MinerCounters {
        rejectedByCode = Map.copyOf(rejectedByCode);
    }

    public long rejected(int code) {
        return rejectedByCode.getOrDefault(code, 0L);
    }

    /** Submitted shares still waiting for a reply (or whose reply never came). */
    public long pending() {
        return submitted - accepted - rejected;
    }

    public MinerCounters plus(MinerCounters o) {
        Map<Integer, Long> codes = new TreeMap<>(rejectedByCode);
        o.rejectedByCode.forEach((k, v) -> codes.merge(k, v, Long::sum));
        return new MinerCounters(hashes + o.hashes, submitted + o.submitted, accepted + o.accepted,
                rejected + o.rejected, blocks + o.blocks, blocksAccepted + o.blocksAccepted,
                acceptedDifficulty + o.acceptedDifficulty, codes);
    }
}
