package io.stratumpool.pool.ledger;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Ledger throughput (committed shares/s with producers appending as fast as the ledger takes
 * them) and added latency per share (append → future completed, i.e. when the miner could be told
 * {@code true}) at a steady offered rate. Run as BENCHMARKS.md says; args: {@code sqlite},
 * {@code postgresql} or {@code both} (default), then optionally the steady rate in shares/s and the
 * ledger's {@code maxBatch} (default: the configuration's default).
 */
public final class LedgerBenchmark {
    private static final int PRODUCERS = 4;
    private static final int SATURATION_SHARES = 200_000;
    private static final int STEADY_SECONDS = 10;

    private LedgerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "both";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Integer maxBatch = args.length > 2 ? Integer.valueOf(args[2]) : null;
        System.out.println("| store | commit window | committed shares/s (saturated) | shares per transaction"
                + " | latency p50 / p99 at " + rate + " shares/s | latency p50 / p99 saturated |");
        System.out.println("|---|---|---|---|---|---|");
        if (!which.equals("postgresql")) {
            Path dir = Files.createTempDirectory("ledger-bench");
            run("SQLite (WAL, synchronous=FULL)", TestStore.sqlite(dir), rate, maxBatch);
        }
        if (!which.equals("sqlite")) {
            run("PostgreSQL 15 (local, fsync on)", TestStore.postgresql(), rate, maxBatch);
        }
    }

    private static void run(String name, TestStore store, int rate, Integer maxBatch) throws Exception {
        try (store; Database db = Database.open(store.config())) {
            LedgerConfig config = withMaxBatch(store.config().withTimings(2, 50_000, 30_000), maxBatch);
            try (JdbcShareLedger ledger = new JdbcShareLedger(db, config)) {
                saturate(ledger, 20_000); // warm-up: JIT, connection pool, table pages
            }
            double[] saturated;
            LedgerStats stats;
            long start = System.nanoTime();
            long processCpu;
            long writerCpu;
            double serverCpu;
            try (JdbcShareLedger ledger = new JdbcShareLedger(db, config)) {
                long cpu0 = processCpuNanos();
                double server0 = postgresCpuSeconds();
                saturated = saturate(ledger, SATURATION_SHARES);
                processCpu = processCpuNanos() - cpu0;
                serverCpu = postgresCpuSeconds() - server0;
                writerCpu = writerCpuNanos();
                stats = ledger.stats();
            }
            double seconds = saturated[SATURATION_SHARES];
            saturated = Arrays.copyOf(saturated, SATURATION_SHARES);
            double[] steady;
            try (JdbcShareLedger ledger = new JdbcShareLedger(db, config)) {
                steady = steady(ledger, rate);
            }
            System.out.printf(Locale.ROOT, "| %s | 2 ms | %.0f | %.0f | %.2f / %.2f ms | %.1f / %.1f ms |%n", name,
                    SATURATION_SHARES / seconds, (double) stats.sharesCommitted() / stats.transactions(),
                    percentile(steady, 0.50), percentile(steady, 0.99), percentile(saturated, 0.50),
                    percentile(saturated, 0.99));
            System.err.printf(Locale.ROOT, "%s: %d shares in %d transactions, %.1f s total; saturated: %.1f µs of"
                    + " benchmark JVM CPU per share, %.1f µs of it on the ledger writer thread; %.1f µs of all"
                    + " postgres processes' CPU per share%n", name,
                    stats.sharesCommitted(), stats.transactions(), (System.nanoTime() - start) / 1e9,
                    processCpu / 1e3 / SATURATION_SHARES, writerCpu / 1e3 / SATURATION_SHARES,
                    serverCpu * 1e6 / SATURATION_SHARES);
        }
    }

    private static LedgerConfig withMaxBatch(LedgerConfig c, Integer maxBatch) {
        return maxBatch == null ? c : new LedgerConfig(c.store(), c.url(), c.user(), c.password(), c.dataDir(),
                c.schema(), c.poolSize(), c.commitWindowMillis(), maxBatch, c.queueCapacity(), c.ackTimeoutMillis(),
                c.retentionDays());
    }

    /** Producers append as fast as 20,000 shares in flight allow; latencies in ms, elapsed s last. */
    private static double[] saturate(ShareLedger ledger, int total) throws InterruptedException {
        double[] latencies = new double[total + 1];
        Semaphore inFlight = new Semaphore(20_000);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            producers[p] = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    inFlight.acquireUninterruptibly();
                    int slot = i;
                    long t0 = System.nanoTime();
                    ledger.append(share()).whenComplete((v, e) -> {
                        latencies[slot] = e != null ? Double.NaN : (System.nanoTime() - t0) / 1e6;
                        inFlight.release();
                    });
                }
            });
            producers[p].start();
        }
        for (Thread t : producers) {
            t.join();
        }
        inFlight.acquire(20_000);
        latencies[total] = (System.nanoTime() - start) / 1e9;
        return latencies;
    }

    /** One producer at a fixed rate, as a pool of many miners offers shares; latencies in ms. */
    private static double[] steady(ShareLedger ledger, int rate) throws Exception {
        int total = rate * STEADY_SECONDS;
        double[] latencies = new double[total];
        CompletableFuture<?>[] futures = new CompletableFuture<?>[total];
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            int slot = i;
            long t0 = System.nanoTime();
            futures[i] = ledger.append(share()).whenComplete((v, e) ->
                    latencies[slot] = e != null ? Double.NaN : (System.nanoTime() - t0) / 1e6);
        }
        CompletableFuture.allOf(futures).get(60, TimeUnit.SECONDS);
        return latencies;
    }

    /** CPU time is what a loaded, shared machine does not distort much: wall-clock rates there are noise. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * User + system CPU seconds of every process named {@code postgres} on this machine (Linux /proc; 0
     * elsewhere). It includes other clients' work, so it is only meaningful when nothing else uses the server.
     */
    private static double postgresCpuSeconds() {
        double ticks = 0;
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    if (stat.contains("(postgres)")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return ticks / 100.0; // USER_HZ
    }

    /** The CPU time of the live ledger writer thread so far (the warm-up's writer has ended). */
    private static long writerCpuNanos() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("ledger-writer"))
                .mapToLong(t -> ManagementFactory.getThreadMXBean().getThreadCpuTime(t.getId())).sum();
    }

    private static double percentile(double[] values, double q) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static ShareRecord share() {
        return new ShareRecord("bench", "rig" + (System.nanoTime() & 7), 65536, 1.1e14, "j", 900_000,
                Instant.now(), Shares.uniqueHash(), false);
    }
}
