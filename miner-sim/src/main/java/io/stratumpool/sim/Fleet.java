package io.stratumpool.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * N simulated miners on one {@link SimRuntime}: started together, counted together, stopped
 * together. With a per-miner hashrate the fleet's total hashrate is known in advance.
 */
public final class Fleet implements AutoCloseable {
    private final SimRuntime runtime;
    private final boolean ownsRuntime;
    private final Signal signal = new Signal();
    private final List<SimMiner> miners = new ArrayList<>();
    private final long startedNanos = System.nanoTime();

    private Fleet(SimRuntime runtime, boolean ownsRuntime) {
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
    }

    /** Starts {@code count} miners, the i-th configured by {@code optionsFor.apply(i)}, on the given runtime. */
    public static Fleet start(SimRuntime runtime, int count, IntFunction<MinerOptions> optionsFor) {
        return start(runtime, false, count, optionsFor);
    }

    /** As {@link #start(SimRuntime, int, IntFunction)} on a runtime of its own, closed by {@link #stop()}. */
    public static Fleet start(int count, IntFunction<MinerOptions> optionsFor) {
        return start(SimRuntime.create(), true, count, optionsFor);
    }

    private static Fleet start(SimRuntime runtime, boolean owns, int count, IntFunction<MinerOptions> optionsFor) {
        if (count < 1) {
            throw new IllegalArgumentException("miners: " + count + " (expected: >= 1)");
        }
        Fleet fleet = new Fleet(runtime, owns);
        for (int i = 0; i < count; i++) {
            SimMiner miner = new SimMiner(runtime, optionsFor.apply(i), fleet.signal);
            fleet.miners.add(miner);
            miner.start();
        }
        return fleet;
    }

    /** Every profile in turn: miner i gets profile i mod the number of profiles. */
    public static FirmwareProfile mixedProfile(int index) {
        FirmwareProfile[] all = FirmwareProfile.values();
        return all[index % all.length];
    }

    public List<SimMiner> miners() {
        return List.copyOf(miners);
    }

    public MinerCounters counters() {
        MinerCounters total = MinerCounters.ZERO;
        for (SimMiner m : miners) {
            total = total.plus(m.counters());
        }
        return total;
    }

    /** The hashrate the miners are limited to together; 0 when any of them is unlimited. */
    public double configuredHashrate() {
        double sum = 0;
        for (SimMiner m : miners) {
            if (m.options().hashrate() == 0) {
                return 0;
            }
            sum += m.options().hashrate();
        }
        return sum;
    }

    /** Hashes per second since the fleet started, as measured. */
    public double averageHashrate() {
        return counters().hashes() * 1e9 / Math.max(1, System.nanoTime() - startedNanos);
    }

    public long count(SimMiner.State state) {
        return miners.stream().filter(m -> m.state() == state).count();
    }

    /** Why each failed miner gave up, by miner name. */
    public Map<String, String> failures() {
        Map<String, String> out = new LinkedHashMap<>();
        miners.forEach(m -> m.failure().ifPresent(f -> out.put(m.name(), f)));
        return out;
    }

    public boolean awaitAllMining(Duration timeout) {
        return signal.await(() -> count(SimMiner.State.MINING) == miners.size(), timeout);
    }

    public boolean awaitAccepted(long n, Duration timeout) {
        return signal.await(() -> counters().accepted() >= n, timeout);
    }

    public void stop() {
        miners.forEach(SimMiner::stop);
        if (ownsRuntime) {
            runtime.close();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
