package io.stratumpool.bench.load;

import static io.stratumpool.bench.load.Report.f;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fan-out only, interleaved so that every configuration sees the same machine: in each repeat the
 * baseline pool build ({@code --baseline-classpath}, when given, on its own default transport), then
 * for each transport of {@code --transports} this build's pool and the bare floor server, each
 * with a fresh process and fleet. The summary pools the rounds of each configuration.
 */
final class FanoutComparePhase {
    private final HarnessOptions options;
    private final LoadClient client;
    private final Report report;
    private final Map<String, FanoutRounds.Result> results = new LinkedHashMap<>();

    FanoutComparePhase(HarnessOptions options, LoadClient client, Report report) {
        this.options = options;
        this.client = client;
        this.report = report;
    }

    void run(int notifyBytes) throws Exception {
        for (int repeat = 1; repeat <= options.fanoutRepeats(); repeat++) {
            if (options.baselineClasspath() != null) {
                add("baseline pool (" + options.baselineClasspath() + ")", pool(null, true, repeat));
            }
            for (String transport : options.transports()) {
                add("pool, " + transport, pool(transport, false, repeat));
                add("floor, " + transport, floor(notifyBytes, transport, repeat));
            }
        }
        summary();
    }

    private FanoutRounds.Result pool(String transport, boolean baseline, int repeat) throws Exception {
        Map<String, String> sets = baseline ? Map.of() : Map.of("stratum.transport", transport);
        try (PoolProcess pool = baseline
                ? LoadHarness.startPool(options, "sqlite", sets, "fanout-baseline", options.baselineClasspath())
                : LoadHarness.startPool(options, "sqlite", sets, "fanout-" + transport)) {
            // the baseline build may predate stratum.transport: it runs on its own default
            heading((baseline ? "Baseline pool" : "Pool") + ", repeat " + repeat, pool);
            return rounds(pool, baseline ? "baseline " : "");
        }
    }

    private FanoutRounds.Result floor(int notifyBytes, String transport, int repeat) throws Exception {
        try (PoolProcess server = FloorPhase.start(options, notifyBytes, transport)) {
            heading("Floor, repeat " + repeat, server);
            return rounds(server, "floor ");
        }
    }

    private void heading(String what, PoolProcess server) {
        report.line("");
        report.line("### Fan-out compared: " + what);
        report.line("");
        report.line("- server: " + server.ready() + ", load average " + MachineStats.loadAverage());
    }

    private FanoutRounds.Result rounds(PoolProcess server, String what) throws Exception {
        Fleet fleet = client.open(LoadHarness.address(server), options.connections(), "x", 300);
        try {
            Thread.sleep(1_000);
            return FanoutRounds.run(fleet, server, options.fanoutWarmup(), options.fanoutRounds(), report, what);
        } finally {
            fleet.close();
        }
    }

    private void add(String name, FanoutRounds.Result r) {
        results.merge(name, r, (a, b) -> new FanoutRounds.Result(concat(a.spreads(), b.spreads()), concat(a.p99s(), b.p99s()),
                concat(a.poolCpu(), b.poolCpu()), concat(a.loopCpu(), b.loopCpu()), concat(a.generatorCpu(), b.generatorCpu())));
    }

    private static List<Double> concat(List<Double> a, List<Double> b) {
        List<Double> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void summary() {
        report.line("");
        report.line("### Fan-out compared: every round of each configuration");
        report.line("");
        report.line("Counted rounds only: each fresh server first ran " + options.fanoutWarmup() + " warm-up rounds (shown above).");
        report.line("");
        report.line("| configuration | rounds | first → last, median | first → p99, median | first → last, max"
                + " | server CPU per round, median | its event loops | generator CPU per round, median |");
        report.line("|---|---|---|---|---|---|---|---|");
        results.forEach((name, r) -> report.line(f("| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.0f ms | %.0f ms | %.0f ms |",
                name, r.spreads().size(), FanoutRounds.median(r.spreads()), FanoutRounds.median(r.p99s()),
                FanoutRounds.max(r.spreads()), FanoutRounds.median(r.poolCpu()), FanoutRounds.median(r.loopCpu()),
                FanoutRounds.median(r.generatorCpu()))));
    }
}
