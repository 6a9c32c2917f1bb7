package io.stratumpool.bench.load;

import static io.stratumpool.bench.load.Report.f;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Submits answered per second. Every connection authorizes with {@code d=1e-10} (the port's minimum
 * lowered to allow it), a difficulty whose target is the largest there is, so every distinct share
 * is valid and accepted, while the sandbox's network difficulty (1e12) makes none a block. The pool
 * still does the whole validation per share: coinbase, 12 merkle levels, header, duplicate filter,
 * ledger. Replies are counted over a fixed window after a warm-up.
 */
final class SubmitsPhase {
    private final HarnessOptions options;
    private final LoadClient client;
    private final Report report;

    SubmitsPhase(HarnessOptions options, LoadClient client, Report report) {
        this.options = options;
        this.client = client;
        this.report = report;
    }

    /** One point in time: replies counted so far and CPU used by both processes. */
    private record Snapshot(long nanos, long accepted, long rejected, double poolCpu, double selfCpu) {
        static Snapshot take(FleetState s, PoolProcess pool) {
            return new Snapshot(System.nanoTime(), s.accepted.sum(), s.rejected.sum(), MachineStats.cpuSeconds(pool.pid()),
                    MachineStats.cpuSeconds(ProcessHandle.current().pid()));
        }
    }

    void run(String ledger) throws Exception {
        Map<String, String> sets = Map.of("stratum.ports[0].minDifficulty", "1e-12");
        try (PoolProcess pool = LoadHarness.startPool(options, ledger, sets, "submits-" + ledger)) {
            report.line("");
            report.line("## Submits answered, ledger: " + ledger);
            report.line("");
            report.line("- pool: " + pool.ready() + ", load average " + MachineStats.loadAverage());
            Fleet fleet = client.open(LoadHarness.address(pool), options.submitConnections(), "x,d=1e-10", 120);
            try {
                measure(fleet, pool, ledger.equals("memory") ? options.window() : options.durableWindow());
            } finally {
                fleet.stopSubmitting();
                Thread.sleep(1_000);
                fleet.close();
            }
            report.line("- pool's counters: " + pool.command("shares", 30) + "; load average after " + MachineStats.loadAverage());
        }
    }

    private void measure(Fleet fleet, PoolProcess pool, int window) throws InterruptedException {
        FleetState s = fleet.state();
        fleet.startSubmitting(window);
        Thread.sleep(options.warmupSeconds() * 1000L);
        s.replyMicros.getIntervalHistogram(); // the warm-up's replies are not counted
        Snapshot a = Snapshot.take(s, pool);
        String loadDuring = MachineStats.loadAverage();
        Thread.sleep(options.measureSeconds() * 1000L);
        Snapshot b = Snapshot.take(s, pool);
        Histogram replies = s.replyMicros.getIntervalHistogram();
        double seconds = (b.nanos - a.nanos) / 1e9;
        long accepted = b.accepted - a.accepted;
        long rejected = b.rejected - a.rejected;
        double rate = (accepted + rejected) / seconds;
        report.line(f("- %d connections × %d in flight, %d s warm-up, %.1f s counted; load average %s",
                fleet.mining(), window, options.warmupSeconds(), seconds, loadDuring));
        report.line(f("- **answered: %,.0f submits/s** (target ≥ 100,000/s): accepted %,.0f/s, rejected %,.0f/s%s",
                rate, accepted / seconds, rejected / seconds, rejectCodes(s)));
        report.line(f("- CPU over the window: pool %.0f %%, generator %.0f %% (of one core; 200 %% is the machine);"
                + " %.1f µs of pool CPU per answer; mean time to answer (Little's law) %.1f ms",
                100 * (b.poolCpu - a.poolCpu) / seconds, 100 * (b.selfCpu - a.selfCpu) / seconds,
                1e6 * (b.poolCpu - a.poolCpu) / Math.max(1, accepted + rejected),
                1e3 * fleet.mining() * window / rate));
        report.line(f("- reply latency (submit written → reply read, %,d replies): p50 %.2f ms, p99 %.2f ms,"
                + " p99.9 %.2f ms, max %.2f ms", replies.getTotalCount(), replies.getValueAtPercentile(50) / 1e3,
                replies.getValueAtPercentile(99) / 1e3, replies.getValueAtPercentile(99.9) / 1e3,
                replies.getMaxValue() / 1e3));
        report.line(f("- connections dropped during the run: %d", s.dropped.get()));
    }

    private static String rejectCodes(FleetState s) {
        StringBuilder sb = new StringBuilder();
        for (int code = 0; code < 32; code++) {
            long n = s.rejectCodes.get(code);
            if (n > 0) {
                sb.append(sb.length() == 0 ? " (all run, by code: " : ", ").append(code).append(": ").append(n);
            }
        }
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }
}
