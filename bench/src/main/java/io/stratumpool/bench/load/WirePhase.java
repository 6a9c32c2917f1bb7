package io.stratumpool.bench.load;

import static io.stratumpool.bench.load.Report.f;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stratum V1 against V2 on one pool, in one run: three fleets of the same size held at once (V1,
 * V2 standard channels, V2 extended channels), each connection counting its socket's bytes. Per
 * fleet: bytes to set up a connection (up to its first job), bytes per new job (a clean one on a new
 * tip, a non-clean one on a template refresh), submits answered per second at saturation (one fleet
 * at a time, the others idle, V1 → V2 standard → V2 extended, repeated {@code --wire-rounds} times so
 * that every protocol is measured on a warm JIT and the table holds the last round; each window on a
 * job of its own, after a new block, as a pool changes jobs every 30 s) with the bytes
 * per accepted share there, and the bytes of one share
 * sent alone (no pipelining, no batched acknowledgement). Every share is valid (V1 {@code d=1e-10},
 * the V2 port at 1e-10 without vardiff); the ledger is in memory unless {@code --wire-ledger} says
 * otherwise, so the protocols are what is measured. Any fleet that does not open completely, or a
 * job that does not reach every connection, ends the phase with an exception.
 */
final class WirePhase {
    private static final int JOB_ROUNDS = 3;

    private final HarnessOptions options;
    private final LoadClient client;
    private final Report report;

    WirePhase(HarnessOptions options, LoadClient client, Report report) {
        this.options = options;
        this.client = client;
        this.report = report;
    }

    /** What one fleet measured; byte figures per connection, per job or per share. */
    private static final class Row {
        final String name;
        final Fleet fleet;
        double setupBytes;
        double cleanJobBytes;
        double refreshJobBytes;
        double rate;
        double accepted;
        double rejected;
        double bytesPerShareOut;
        double bytesPerShareIn;
        double poolMicrosPerShare;
        double generatorMicrosPerShare;
        double singleOut;
        double singleIn;

        Row(String name, Fleet fleet) {
            this.name = name;
            this.fleet = fleet;
        }
    }

    void run() throws Exception {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("stratum.ports[0].minDifficulty", "1e-12");
        sets.put("stratum.v2.ports[0].initialDifficulty", "1e-10");
        sets.put("stratum.v2.ports[0].minDifficulty", "1e-12");
        sets.put("stratum.v2.ports[0].vardiff", "false");
        sets.put("stratum.limits.idleTimeoutSeconds", "3600");
        try (PoolProcess pool = LoadHarness.startPool(options, options.wireLedger(), sets, "wire")) {
            report.line("");
            report.line("## Stratum V1 against V2: submits and bytes on the wire, ledger: " + options.wireLedger());
            report.line("");
            report.line("- pool: " + pool.ready() + ", load average " + MachineStats.loadAverage());
            InetSocketAddress v1 = LoadHarness.address(pool);
            InetSocketAddress v2 = new InetSocketAddress("127.0.0.1", Integer.parseInt(required(pool, "v2port")));
            String authority = required(pool, "authority");
            int n = options.wireConnections();
            List<Row> rows = new ArrayList<>();
            try {
                rows.add(opened(new Row("V1", client.open(v1, n, "x,d=1e-10", 120)), n));
                rows.add(opened(new Row("V2 standard", client.openV2(v2, n, false, authority, 180)), n));
                rows.add(opened(new Row("V2 extended", client.openV2(v2, n, true, authority, 180)), n));
                jobs(pool, rows);
                for (int round = 1; round <= options.wireRounds(); round++) {
                    for (Row r : rows) {
                        newTip(pool, rows); // a fresh job: the shares of one window never pile up in another's duplicate filter
                        saturate(pool, r, round);
                    }
                }
                for (Row r : rows) {
                    single(r);
                }
                table(rows, n);
            } finally {
                for (Row r : rows) {
                    r.fleet.stopSubmitting();
                    r.fleet.close();
                }
            }
            report.line("- pool's counters: " + pool.command("shares", 30) + "; load average after " + MachineStats.loadAverage());
        }
    }

    private static String required(PoolProcess pool, String key) {
        String value = pool.ready().get(key);
        if (value == null) {
            throw new IllegalStateException("the pool's READY line has no " + key + " (Stratum V2 off?): " + pool.ready());
        }
        return value;
    }

    /** Checks the whole fleet is mining and takes its set-up bytes: handshake to the first job. */
    private Row opened(Row r, int n) {
        FleetState s = r.fleet.state();
        s.trackJobs = true;
        if (s.mining.get() != n) {
            throw new IllegalStateException(r.name + ": " + s.mining.get() + " of " + n + " connections mining (first failure: "
                    + s.firstFailure + ")");
        }
        r.setupBytes = (double) (s.bytesIn.sum() + s.bytesOut.sum()) / n;
        return r;
    }

    /** Bytes each connection reads for a clean job (new tip) and a non-clean one (template refresh), averaged over rounds. */
    private void jobs(PoolProcess pool, List<Row> rows) throws InterruptedException {
        long[] clean = new long[rows.size()];
        long[] refresh = new long[rows.size()];
        for (int round = 0; round < JOB_ROUNDS; round++) {
            long[] before = bytesIn(rows);
            rows.forEach(r -> r.fleet.armFanout());
            pool.command("block", 30);
            for (Row r : rows) {
                if (r.fleet.awaitFanout(15_000) == null) {
                    throw new IllegalStateException(r.name + ": a clean job did not reach every connection within 15 s");
                }
            }
            long[] mid = bytesIn(rows);
            pool.command("refresh", 30);
            for (Row r : rows) {
                if (!r.fleet.awaitRefresh(15_000)) {
                    throw new IllegalStateException(r.name + ": a refreshed job did not reach every connection within 15 s");
                }
            }
            long[] after = bytesIn(rows);
            for (int i = 0; i < rows.size(); i++) {
                clean[i] += mid[i] - before[i];
                refresh[i] += after[i] - mid[i];
            }
            Thread.sleep(500);
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            r.cleanJobBytes = (double) clean[i] / JOB_ROUNDS / r.fleet.mining();
            r.refreshJobBytes = (double) refresh[i] / JOB_ROUNDS / r.fleet.mining();
        }
    }

    /** A new block: every fleet moves to a fresh job (and the pool forgets the old ones) before the next window. */
    private static void newTip(PoolProcess pool, List<Row> rows) throws InterruptedException {
        rows.forEach(r -> r.fleet.armFanout());
        pool.command("block", 30);
        for (Row r : rows) {
            if (r.fleet.awaitFanout(15_000) == null) {
                throw new IllegalStateException(r.name + ": a clean job did not reach every connection within 15 s");
            }
        }
    }

    private static long[] bytesIn(List<Row> rows) {
        return rows.stream().mapToLong(r -> r.fleet.state().bytesIn.sum()).toArray();
    }

    /** One point in time of a fleet's counters and both processes' CPU. */
    private record Snapshot(long nanos, long accepted, long rejected, long in, long out, double poolCpu, double selfCpu) {
        static Snapshot take(FleetState s, PoolProcess pool) {
            return new Snapshot(System.nanoTime(), s.accepted.sum(), s.rejected.sum(), s.bytesIn.sum(), s.bytesOut.sum(),
                    MachineStats.cpuSeconds(pool.pid()), MachineStats.cpuSeconds(ProcessHandle.current().pid()));
        }
    }

    /** This fleet alone pipelines shares: answered per second and bytes per accepted share over the counted window. */
    private void saturate(PoolProcess pool, Row r, int round) throws InterruptedException {
        FleetState s = r.fleet.state();
        r.fleet.startSubmitting(options.window());
        Thread.sleep(options.warmupSeconds() * 1000L);
        Snapshot a = Snapshot.take(s, pool);
        String load = MachineStats.loadAverage();
        Thread.sleep(options.measureSeconds() * 1000L);
        Snapshot b = Snapshot.take(s, pool);
        r.fleet.stopSubmitting();
        Thread.sleep(1_000); // the shares in flight are answered
        double seconds = (b.nanos - a.nanos) / 1e9;
        long accepted = b.accepted - a.accepted;
        if (accepted == 0) {
            throw new IllegalStateException(r.name + ": no share accepted in " + seconds + " s (first failure: " + s.firstFailure
                    + ", V2 errors " + s.v2Errors + ")");
        }
        r.accepted = accepted / seconds;
        r.rejected = (b.rejected - a.rejected) / seconds;
        r.rate = r.accepted + r.rejected;
        r.bytesPerShareOut = (double) (b.out - a.out) / accepted;
        r.bytesPerShareIn = (double) (b.in - a.in) / accepted;
        long answered = accepted + b.rejected - a.rejected;
        r.poolMicrosPerShare = 1e6 * (b.poolCpu - a.poolCpu) / answered;
        r.generatorMicrosPerShare = 1e6 * (b.selfCpu - a.selfCpu) / answered;
        report.line(f("- round %d, %s: %d connections × %d in flight, %.1f s counted, load average %s; answered %,.0f/s"
                + " (accepted %,.0f/s, rejected %,.0f/s%s), CPU per share pool %.1f µs, generator %.1f µs; dropped %d", round, r.name,
                r.fleet.mining(), options.window(), seconds, load, r.rate,
                r.accepted, r.rejected, s.v2Errors.isEmpty() ? "" : " " + s.v2Errors, r.poolMicrosPerShare,
                r.generatorMicrosPerShare, s.dropped.get()));
    }

    /** Every connection sends one share and waits for its answer: a share's bytes without pipelining or batching. */
    private void single(Row r) throws InterruptedException {
        FleetState s = r.fleet.state();
        long answered0 = s.accepted.sum() + s.rejected.sum();
        long in0 = s.bytesIn.sum();
        long out0 = s.bytesOut.sum();
        r.fleet.submitOnceEach(15_000);
        long answered = s.accepted.sum() + s.rejected.sum() - answered0;
        if (answered < r.fleet.mining()) {
            throw new IllegalStateException(r.name + ": " + answered + " of " + r.fleet.mining() + " single shares answered in 15 s");
        }
        r.singleOut = (double) (s.bytesOut.sum() - out0) / answered;
        r.singleIn = (double) (s.bytesIn.sum() - in0) / answered;
    }

    private void table(List<Row> rows, int n) {
        report.line("");
        report.line(f("| %d connections each | set-up bytes per connection | clean job (new tip) bytes | non-clean job (refresh) bytes"
                + " | submits answered/s | bytes per accepted share, pipelined (out + in) | CPU per share, pool / generator"
                + " | one share alone (out + in) |", n));
        report.line("|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            report.line(f("| %s | %,.0f | %,.0f | %,.0f | %,.0f | %.1f (%.1f + %.1f) | %.1f / %.1f µs | %.0f (%.0f + %.0f) |",
                    r.name, r.setupBytes, r.cleanJobBytes, r.refreshJobBytes, r.rate, r.bytesPerShareOut + r.bytesPerShareIn,
                    r.bytesPerShareOut, r.bytesPerShareIn, r.poolMicrosPerShare, r.generatorMicrosPerShare,
                    r.singleOut + r.singleIn, r.singleOut,
                    r.singleIn));
        }
    }
}
