package io.stratumpool.bench.load;

import static io.stratumpool.bench.load.Report.f;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Times {@code mining.notify} fan-outs: the server moves its tip (an external block), every
 * connection timestamps the clean notify it reads, and the spread from the first to the last (and
 * to the 99th percentile connection) is one round; the server's own timer and CPU are read alongside.
 */
final class FanoutRounds {
    /** Every round's figures, in milliseconds: first → last, first → p99 connection, pool and generator CPU. */
    record Result(List<Double> spreads, List<Double> p99s, List<Double> poolCpu, List<Double> loopCpu, List<Double> generatorCpu) {
    }

    private FanoutRounds() {
    }

    /** {@code warmup} rounds first, shown in the table as such but left out of the result and the medians. */
    static Result run(Fleet fleet, PoolProcess pool, int warmup, int rounds, Report report, String what)
            throws InterruptedException {
        Result result = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        List<Double> poolSide = new ArrayList<>();
        Map<String, Double> threadMs = new TreeMap<>();
        report.line("");
        report.line("| round | connections reached | first → last notify (generator) | first → p99 | pool fan-out timer"
                + " | block → first notify | pool CPU | its event loops | generator CPU | load average |");
        report.line("|---|---|---|---|---|---|---|---|---|---|");
        for (int round = 1 - warmup; round <= rounds; round++) {
            boolean counted = round >= 1;
            fleet.armFanout();
            long before = ConnectionsPhase.num(pool.command("fanout", 30), "totalNanos");
            double cpu0 = MachineStats.cpuSeconds(pool.pid());
            double self0 = MachineStats.cpuSeconds(ProcessHandle.current().pid());
            Map<String, Double> threads0 = MachineStats.cpuSecondsByThread(pool.pid());
            long t0 = System.nanoTime();
            pool.command("block", 30);
            Fleet.Fanout f = fleet.awaitFanout(15_000);
            double poolMs = poolTimerMillis(pool, before);
            double cpuMs = 1e3 * (MachineStats.cpuSeconds(pool.pid()) - cpu0);
            double selfMs = 1e3 * (MachineStats.cpuSeconds(ProcessHandle.current().pid()) - self0);
            Map<String, Double> threads1 = MachineStats.cpuSecondsByThread(pool.pid());
            double loopMs = 1e3 * (MachineStats.eventLoopCpuSeconds(threads1) - MachineStats.eventLoopCpuSeconds(threads0));
            Map<String, Double> roundThreadMs = new TreeMap<>();
            threads1.forEach((name, s) -> roundThreadMs.put(name, 1e3 * (s - threads0.getOrDefault(name, 0.0))));
            if (f == null) {
                report.line(f("| %s | timed out (%d reached) | | | | | | | | |", label(round), fleet.state().arrivals.get()));
                continue;
            }
            double p99 = p99Millis(fleet.state().cleanNotifyAt, f.firstNanos());
            report.line(f("| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.0f ms | %.0f ms | %.0f ms | %s |", label(round),
                    f.received(), f.spreadMillis(), p99, poolMs, (f.firstNanos() - t0) / 1e6, cpuMs, loopMs, selfMs,
                    MachineStats.loadAverage()));
            Thread.sleep(1_000);
            if (!counted) {
                continue;
            }
            roundThreadMs.forEach((name, ms) -> threadMs.merge(name, ms, Double::sum));
            result.spreads.add(f.spreadMillis());
            result.p99s.add(p99);
            result.poolCpu.add(cpuMs);
            result.loopCpu.add(loopMs);
            result.generatorCpu.add(selfMs);
            poolSide.add(poolMs);
        }
        report.line("");
        report.line(f("- **" + what + "fan-out first → last: median %.1f ms, max %.1f ms; first → p99: median %.1f ms**"
                + " (target ≤ 50 ms); pool's own stratum_notify_fanout_seconds: median %.1f ms, max %.1f ms; CPU per round:"
                + " pool %.0f ms (its event loops %.0f ms), generator %.0f ms (medians)", median(result.spreads), max(result.spreads),
                median(result.p99s), median(poolSide), max(poolSide), median(result.poolCpu), median(result.loopCpu),
                median(result.generatorCpu)));
        report.line("- " + what + "server CPU per round by thread (mean over the counted rounds, threads above 1 ms): "
                + byThread(threadMs, rounds));
        return result;
    }

    private static String label(int round) {
        return round >= 1 ? Integer.toString(round) : "warm-up";
    }

    private static String byThread(Map<String, Double> totalMs, int rounds) {
        return totalMs.entrySet().stream().filter(e -> e.getValue() / rounds >= 1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> f("%s %.0f ms", e.getKey(), e.getValue() / rounds)).collect(Collectors.joining(", "));
    }

    /** When the 99th percentile connection read the notify, after the first one did. */
    private static double p99Millis(long[] arrivals, long firstNanos) {
        long[] seen = Arrays.stream(arrivals).filter(t -> t != 0).sorted().toArray();
        int index = Math.max(0, (int) Math.ceil(seen.length * 0.99) - 1);
        return (seen[index] - firstNanos) / 1e6;
    }

    /** The pool's fan-out timer since {@code beforeNanos}: it is recorded when the last event loop finishes. */
    private static double poolTimerMillis(PoolProcess pool, long beforeNanos) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            long now = ConnectionsPhase.num(pool.command("fanout", 30), "totalNanos");
            if (now != beforeNanos) {
                return (now - beforeNanos) / 1e6;
            }
            Thread.sleep(20);
        }
        return Double.NaN;
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = xs.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
