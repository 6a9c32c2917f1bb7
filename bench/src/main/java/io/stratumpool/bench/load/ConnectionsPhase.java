package io.stratumpool.bench.load;

import static io.stratumpool.bench.load.Report.f;

import java.util.Map;

/**
 * Connections held, memory per connection and {@code mining.notify} fan-out. The pool's heap after
 * a full GC and its direct memory are read with no connections (after a small warm-up fleet came
 * and went, so one-off allocations are in the baseline) and again with the whole fleet mining; the
 * difference over the connection count is the cost of a connection; once more after every
 * connection sent one share. Then the sandbox's tip moves
 * a few times (an external block) and each connection timestamps the clean notify it reads.
 */
final class ConnectionsPhase {
    private static final int WARMUP_CONNECTIONS = 500;
    private static final long KIB = 1024;

    private final HarnessOptions options;
    private final LoadClient client;
    private final Report report;
    private int notifyBytes;

    ConnectionsPhase(HarnessOptions options, LoadClient client, Report report) {
        this.options = options;
        this.client = client;
        this.report = report;
    }

    void run() throws Exception {
        // The pool as it runs by default (SQLite ledger, bookkeeping, API); connections authorize at a
        // difficulty every hash meets, so the one share each sends later is accepted.
        Map<String, String> sets = Map.of("stratum.ports[0].minDifficulty", "1e-12");
        try (PoolProcess pool = LoadHarness.startPool(options, "sqlite", sets, "connections")) {
            report.line("");
            report.line("## Connections, memory and fan-out");
            report.line("");
            report.line("- pool: " + pool.ready() + ", load average " + MachineStats.loadAverage());
            warmUp(pool);
            Map<String, String> base = pool.command("memory", 120);
            long t0 = System.nanoTime();
            Fleet fleet = client.open(LoadHarness.address(pool), options.connections(), "x,d=1e-10", 300);
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            try {
                Thread.sleep(2_000);
                Map<String, String> loaded = pool.command("memory", 120);
                reportConnections(fleet, openSeconds, base, loaded);
                fleet.submitOnceEach(60_000);
                Thread.sleep(2_000);
                reportAfterShares(fleet, base, pool.command("memory", 120));
                FanoutRounds.run(fleet, pool, 0, options.fanoutRounds(), report, "");
                notifyBytes = fleet.state().notifyBytes.get();
            } finally {
                fleet.close();
            }
            report.line("- load average after the phase " + MachineStats.loadAverage());
        }
    }

    /** The size of the pool's mining.notify line, for the floor server to match. */
    int notifyBytes() {
        return notifyBytes;
    }

    private void warmUp(PoolProcess pool) throws Exception {
        Fleet warm = client.open(LoadHarness.address(pool), WARMUP_CONNECTIONS, "x", 60);
        warm.close();
        Thread.sleep(1_000);
    }

    private void reportConnections(Fleet fleet, double openSeconds, Map<String, String> base, Map<String, String> loaded) {
        FleetState s = fleet.state();
        int n = fleet.mining();
        long heap = num(loaded, "heapUsed") - num(base, "heapUsed");
        long direct = direct(loaded) - direct(base);
        report.line(f("- connections: %d mining of %d opened in %.1f s (%d failed%s), pool reports %s connections, %s mining;"
                + " merkle branch of the job: %d levels", n, fleet.size(), openSeconds, s.failed.get(),
                s.firstFailure == null ? "" : ", first: " + s.firstFailure, loaded.get("connections"), loaded.get("mining"),
                s.branchLength.get()));
        report.line(f("- pool heap after full GC: %.1f MiB with no connections, %.1f MiB with %d: %+.0f bytes per connection",
                num(base, "heapUsed") / 1048576.0, num(loaded, "heapUsed") / 1048576.0, n, (double) heap / n));
        report.line(f("- pool direct memory (Netty + JDK buffers): %d → %d bytes: %+.0f bytes per connection;"
                + " allocator %s → %s bytes reserved", direct(base), direct(loaded), (double) direct / n,
                base.get("allocatorDirect"), loaded.get("allocatorDirect")));
        report.line(f("- **memory per idle connection: %.2f KiB** (heap + direct; target ≤ 2.5 KiB); kernel TCP buffers of both"
                + " ends now %.1f MiB (not JVM memory)", (double) (heap + direct) / n / KIB,
                MachineStats.tcpKernelBytes() / 1048576.0));
    }

    /** Mining connections have a worker with shares: the hashrate tracker keeps state per worker. */
    private void reportAfterShares(Fleet fleet, Map<String, String> base, Map<String, String> loaded) {
        FleetState s = fleet.state();
        int n = fleet.mining();
        long total = num(loaded, "heapUsed") - num(base, "heapUsed") + direct(loaded) - direct(base);
        report.line(f("- after one share from each connection (%d accepted, %d rejected): **%.2f KiB per active"
                + " connection** (heap + direct; target ≤ 4 KiB), the difference being per-worker state such as the hashrate windows",
                s.accepted.sum(), s.rejected.sum(), (double) total / n / KIB));
    }

    /** Direct memory the process holds: Netty's own (cleaner-less) buffers plus the JDK's direct ByteBuffers. */
    private static long direct(Map<String, String> m) {
        return Math.max(0, num(m, "nettyDirect")) + Math.max(0, num(m, "jdkDirect"));
    }

    static long num(Map<String, String> m, String key) {
        return Long.parseLong(m.get(key));
    }
}
