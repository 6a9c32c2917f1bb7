package io.stratumpool.bench.load;

import static io.stratumpool.bench.load.Report.f;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reply latency as a miner sees it: submits offered at fixed rates ({@link PacedSubmits}, open
 * loop) and then at saturation (every connection pipelining), with p50/p99/p99.9 of the time from
 * writing a {@code mining.submit} to reading its reply. The {@code kafka} entry runs
 * {@code --nodes} pools in the {@code stratum} role on {@code --kafka} (the connections split
 * between them), so a {@code true} means the broker acknowledged the share; any other entry is the
 * single-process pool on that ledger. With {@code --accounting-metrics} the report adds the
 * accounting process's store rate and how long its lag takes to return to zero.
 */
final class LatencyPhase {
    private static final long LAG_WAIT_MILLIS = 300_000;

    private final HarnessOptions options;
    private final LoadClient client;
    private final Report report;
    private final ScrapedMetrics accountingMetrics;
    private ScrapedMetrics accounting; // the kafka entry's only: a single-process pool feeds no accounting process

    LatencyPhase(HarnessOptions options, LoadClient client, Report report) {
        this.options = options;
        this.client = client;
        this.report = report;
        this.accountingMetrics = options.accountingMetrics() == null ? null : new ScrapedMetrics(options.accountingMetrics());
    }

    void run(String ledger) throws Exception {
        accounting = ledger.equals("kafka") ? accountingMetrics : null;
        List<PoolProcess> pools = new ArrayList<>();
        List<Fleet> fleets = new ArrayList<>();
        try {
            startPools(ledger, pools);
            report.line("");
            report.line("## Reply latency, " + (ledger.equals("kafka") ? pools.size() + " stratum nodes → Kafka" : "ledger: " + ledger));
            report.line("");
            for (PoolProcess pool : pools) {
                report.line("- pool: " + pool.ready());
            }
            int each = options.submitConnections() / pools.size();
            for (PoolProcess pool : pools) {
                fleets.add(client.open(LoadHarness.address(pool), each, "x,d=1e-10", 120));
            }
            for (int rate : options.rates()) {
                measurePaced(fleets, pools, rate);
            }
            measureSaturated(fleets, pools, ledger.equals("memory") ? options.window() : options.durableWindow());
        } finally {
            for (Fleet fleet : fleets) {
                fleet.stopSubmitting();
            }
            Thread.sleep(1_000);
            for (Fleet fleet : fleets) {
                fleet.close();
            }
            for (PoolProcess pool : pools) {
                report.line("- pool's counters: " + pool.command("shares", 30));
                pool.close();
            }
        }
        if (ledger.equals("kafka") && accounting != null) {
            awaitLagZero();
        }
    }

    private void startPools(String ledger, List<PoolProcess> pools) throws Exception {
        if (!ledger.equals("kafka")) {
            pools.add(LoadHarness.startPool(options, ledger, Map.of("stratum.ports[0].minDifficulty", "1e-12"),
                    "latency-" + ledger));
            return;
        }
        if (options.kafka() == null) {
            throw new IllegalArgumentException("--ledgers kafka needs --kafka HOST:PORT");
        }
        for (int n = 1; n <= options.nodes(); n++) {
            pools.add(LoadHarness.startPool(options, "sqlite", Map.of("stratum.ports[0].minDifficulty", "1e-12",
                    "pool.role", "stratum", "cluster.bootstrapServers", options.kafka(), "pool.nodeId", Integer.toString(n)),
                    "latency-node" + n));
        }
    }

    private record Snapshot(long nanos, long answered, long rejected, double poolCpu, double stored, long[] codes) {
        /** Rejections between {@code a} and this snapshot by Stratum error code, e.g. " (20: 1,234)". */
        String codesSince(Snapshot a) {
            StringBuilder sb = new StringBuilder();
            for (int code = 0; code < codes.length; code++) {
                long n = codes[code] - a.codes[code];
                if (n > 0) {
                    sb.append(sb.length() == 0 ? " (by code: " : ", ").append(code).append(": ").append(f("%,d", n));
                }
            }
            return sb.length() == 0 ? "" : sb.append(')').toString();
        }
    }

    private Snapshot snapshot(List<Fleet> fleets, List<PoolProcess> pools) {
        long answered = 0;
        long rejected = 0;
        for (Fleet f : fleets) {
            answered += f.state().accepted.sum() + f.state().rejected.sum();
            rejected += f.state().rejected.sum();
        }
        double cpu = 0;
        for (PoolProcess p : pools) {
            cpu += MachineStats.cpuSeconds(p.pid());
        }
        long[] codes = new long[32];
        for (Fleet fl : fleets) {
            for (int code = 0; code < codes.length; code++) {
                codes[code] += fl.state().rejectCodes.get(code);
            }
        }
        return new Snapshot(System.nanoTime(), answered, rejected, cpu, accounting == null ? -1 : accounting.storedShares(),
                codes);
    }

    private void measurePaced(List<Fleet> fleets, List<PoolProcess> pools, int rate) throws InterruptedException {
        try (PacedSubmits paced = new PacedSubmits(fleets, rate).start()) {
            Thread.sleep(Math.max(2, options.warmupSeconds() / 2) * 1000L);
            fleets.forEach(f -> f.state().latency.reset());
            Snapshot a = snapshot(fleets, pools);
            String load = MachineStats.loadAverage();
            Thread.sleep(options.measureSeconds() * 1000L);
            Snapshot b = snapshot(fleets, pools);
            report.line(f("- offered %,d submits/s: answered %,.0f/s (%,d rejected%s), reply latency %s; pool CPU %.0f %%%s;"
                    + " load average %s", rate, (b.answered - a.answered) / seconds(a, b), b.rejected - a.rejected,
                    b.codesSince(a), merged(fleets).summary(), 100 * (b.poolCpu - a.poolCpu) / seconds(a, b), accountingText(a, b), load));
        }
        Thread.sleep(2_000); // the tail of the paced window is answered before the next one counts
    }

    private void measureSaturated(List<Fleet> fleets, List<PoolProcess> pools, int window) throws InterruptedException {
        for (Fleet f : fleets) {
            f.startSubmitting(window);
        }
        Thread.sleep(options.warmupSeconds() * 1000L);
        fleets.forEach(f -> f.state().latency.reset());
        Snapshot a = snapshot(fleets, pools);
        String load = MachineStats.loadAverage();
        Thread.sleep(options.measureSeconds() * 1000L);
        Snapshot b = snapshot(fleets, pools);
        int mining = fleets.stream().mapToInt(Fleet::mining).sum();
        report.line(f("- saturated (%d connections × %d in flight): **answered %,.0f submits/s** (%,d rejected%s), reply"
                + " latency %s; pool CPU %.0f %% (%.1f µs per answer)%s; load average %s", mining, window,
                (b.answered - a.answered) / seconds(a, b), b.rejected - a.rejected, b.codesSince(a), merged(fleets).summary(),
                100 * (b.poolCpu - a.poolCpu) / seconds(a, b), 1e6 * (b.poolCpu - a.poolCpu) / Math.max(1, b.answered - a.answered),
                accountingText(a, b), load));
        if (accounting != null) {
            report.line(f("- accounting's lag at the end of the window: %,.0f records", accounting.lag()));
        }
    }

    private String accountingText(Snapshot a, Snapshot b) {
        if (accounting == null || a.stored < 0 || b.stored < 0) {
            return "";
        }
        return f("; accounting stored %,.0f shares/s, lag %,.0f", (b.stored - a.stored) / seconds(a, b), accounting.lag());
    }

    /** After the load: how long until accounting has stored everything the nodes acknowledged. */
    private void awaitLagZero() throws InterruptedException {
        long start = System.nanoTime();
        double lag = accounting.lag();
        double storedAtStart = accounting.storedShares();
        while (lag != 0 && System.nanoTime() - start < LAG_WAIT_MILLIS * 1_000_000) {
            Thread.sleep(250);
            lag = accounting.lag();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double stored = accounting.storedShares() - storedAtStart;
        report.line(f("- accounting after the load: lag %,.0f records %.1f s after the last node stopped (%,.0f shares"
                + " stored meanwhile, %,.0f/s); load average %s", lag, seconds, stored, stored / seconds,
                MachineStats.loadAverage()));
    }

    private static double seconds(Snapshot a, Snapshot b) {
        return (b.nanos - a.nanos) / 1e9;
    }

    private static LatencyHistogram merged(List<Fleet> fleets) {
        if (fleets.size() == 1) {
            return fleets.get(0).state().latency;
        }
        LatencyHistogram all = new LatencyHistogram();
        fleets.forEach(f -> all.add(f.state().latency));
        return all;
    }
}
