package io.stratumpool.sim.v2;

import io.stratumpool.sim.SimRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** N simulated V2 miners on one {@link SimRuntime}, started, counted and stopped together (as the V1 {@code Fleet}). */
public final class V2Fleet implements AutoCloseable {
    private final List<V2Miner> miners = new ArrayList<>();

    private V2Fleet() {
    }

    /** Starts {@code count} miners, the i-th configured by {@code optionsFor.apply(i)}. */
    public static V2Fleet start(SimRuntime runtime, int count, IntFunction<V2MinerOptions> optionsFor) {
        if (count < 1) {
            throw new IllegalArgumentException("miners: " + count + " (expected: >= 1)");
        }
        V2Fleet fleet = new V2Fleet();
        for (int i = 0; i < count; i++) {
            V2Miner miner = new V2Miner(runtime, optionsFor.apply(i));
            fleet.miners.add(miner);
            miner.start();
        }
        return fleet;
    }

    public List<V2Miner> miners() {
        return List.copyOf(miners);
    }

    public long hashes() { return miners.stream().mapToLong(V2Miner::hashes).sum(); }
    public long submitted() { return miners.stream().mapToLong(V2Miner::submitted).sum(); }
    public long accepted() { return miners.stream().mapToLong(V2Miner::accepted).sum(); }
    public long rejected() { return miners.stream().mapToLong(V2Miner::rejected).sum(); }
    public long blocksFound() { return miners.stream().mapToLong(V2Miner::blocksFound).sum(); }

    /** Accepted blocks: submitted shares meeting nBits that the pool acknowledged. */
    public long blocksAccepted() {
        return miners.stream().mapToLong(V2Miner::blocksAccepted).sum();
    }

    /** Rejected shares by error code. */
    public Map<String, Long> rejectedByCode() {
        Map<String, Long> out = new java.util.TreeMap<>();
        miners.forEach(m -> m.rejectedShares().forEach(r -> out.merge(r.errorCode(), 1L, Long::sum)));
        return out;
    }

    public long count(V2Miner.State state) {
        return miners.stream().filter(m -> m.state() == state).count();
    }

    /** Why each failed miner gave up, by miner name. */
    public Map<String, String> failures() {
        Map<String, String> out = new LinkedHashMap<>();
        miners.forEach(m -> m.failure().ifPresent(f -> out.put(m.name(), f)));
        return out;
    }

    public boolean awaitAllMining(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (V2Miner m : miners) {
            if (!m.awaitMining(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    public void stop() {
        miners.forEach(V2Miner::stop);
    }

    @Override
    public void close() {
        stop();
    }
}
