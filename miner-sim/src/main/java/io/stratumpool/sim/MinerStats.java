package io.stratumpool.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link MinerCounters}; written from hashing and I/O threads. */
final class MinerStats {
    private final LongAdder hashes = new LongAdder();
    private final LongAdder submitted = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder blocks = new LongAdder();
    private final LongAdder blocksAccepted = new LongAdder();
    private final DoubleAdder acceptedDifficulty = new DoubleAdder();
    private final Map<Integer, LongAdder> rejectedByCode = new ConcurrentHashMap<>();

    void hashed(long count) {
        hashes.add(count);
    }

    long hashes() {
        return hashes.sum();
    }

    void submitted(boolean block) {
        submitted.increment();
        if (block) {
            blocks.increment();
        }
    }

    void accepted(double difficulty, boolean block) {
        accepted.increment();
        acceptedDifficulty.add(difficulty);
        if (block) {
            blocksAccepted.increment();
        }
    }

    void rejected(int code) {
        rejected.increment();
        rejectedByCode.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    MinerCounters snapshot() {
        Map<Integer, Long> codes = new TreeMap<>();
        rejectedByCode.forEach((k, v) -> codes.put(k, v.sum()));
        return new MinerCounters(hashes.sum(), submitted.sum(), accepted.sum(), rejected.sum(), blocks.sum(),
                blocksAccepted.sum(), acceptedDifficulty.sum(), codes);
    }
}
