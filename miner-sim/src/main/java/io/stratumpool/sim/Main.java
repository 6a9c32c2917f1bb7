package io.stratumpool.sim;

import io.stratumpool.sim.v2.V2Fleet;
import io.stratumpool.sim.v2.V2Miner;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The miner-sim command line: starts a fleet of Stratum V1 (or, with {@code --protocol v2}, V2)
 * miners against a pool, prints hashrate, shares and blocks every few seconds, and stops after
 * {@code --duration} or on Ctrl-C.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // The CLI's own logging setup; a library user's logback configuration is left alone.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "miner-sim-logback.xml");
        }
        System.exit(run(args, System.out, System.err, true));
    }

    /** Runs the CLI; returns the exit code. {@code hookCtrlC} is false in tests. */
    static int run(String[] args, PrintStream out, PrintStream err, boolean hookCtrlC) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(CliOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(CliOptions.USAGE);
            return 0;
        }
        if (options.version()) {
            out.println(CliOptions.versionText());
            return 0;
        }
        try (SimRuntime runtime = new SimRuntime(1, options.hashThreads())) {
            return options.v2() ? runV2Fleet(options, runtime, out, hookCtrlC) : runFleet(options, runtime, out, hookCtrlC);
        }
    }

    private static int runV2Fleet(CliOptions options, SimRuntime runtime, PrintStream out, boolean hookCtrlC) {
        out.printf("miner-sim: %d Stratum V2 miner(s), %s channels, %s per miner, to %s:%d%n", options.miners(),
                options.channel().name().toLowerCase(Locale.ROOT),
                options.hashrate() > 0 ? formatRate(options.hashrate()) : "unlimited", options.host(), options.port());
        V2Fleet fleet = V2Fleet.start(runtime, options.miners(), options::v2MinerOptions);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        hookCtrlC(hookCtrlC, interrupted, finished);
        try {
            report(options, fleet::hashes, (seconds, rate) -> v2Line(fleet, seconds, rate, true), out, interrupted);
        } finally {
            fleet.stop();
            out.println("final: " + v2Line(fleet, 0, 0, false));
            fleet.failures().forEach((name, reason) -> out.println("  " + name + " failed: " + reason));
            finished.countDown();
        }
        return fleet.failures().size() == options.miners() ? 1 : 0;
    }

    private static String v2Line(V2Fleet fleet, long seconds, double rate, boolean withRate) {
        String head = !withRate ? "" : String.format(Locale.ROOT, "t=%4ds hashrate %s ", seconds, formatRate(rate));
        return head + String.format(Locale.ROOT,
                "mining %d/%d hashes %d submitted %d accepted %d rejected %d %s blocks %d (accepted %d) failed %d",
                fleet.count(V2Miner.State.MINING), fleet.miners().size(), fleet.hashes(), fleet.submitted(),
                fleet.accepted(), fleet.rejected(), fleet.rejectedByCode(), fleet.blocksFound(), fleet.blocksAccepted(),
                fleet.failures().size());
    }

    private static void hookCtrlC(boolean hook, CountDownLatch interrupted, CountDownLatch finished) {
        if (hook) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                interrupted.countDown();
                awaitQuietly(finished, 5_000);
            }, "miner-sim-shutdown"));
        }
    }

    private static int runFleet(CliOptions options, SimRuntime runtime, PrintStream out, boolean hookCtrlC) {
        out.printf("miner-sim: %d miner(s), profile %s, %s per miner, to %s:%d%n", options.miners(), options.profile(),
                options.hashrate() > 0 ? formatRate(options.hashrate()) : "unlimited", options.host(), options.port());
        Fleet fleet = Fleet.start(runtime, options.miners(), options::minerOptions);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        hookCtrlC(hookCtrlC, interrupted, finished);
        try {
            report(options, () -> fleet.counters().hashes(), (seconds, rate) -> line(fleet, seconds, rate, true), out, interrupted);
        } finally {
            fleet.stop();
            out.println("final: " + line(fleet, 0, 0, false));
            fleet.failures().forEach((name, reason) -> out.println("  " + name + " failed: " + reason));
            finished.countDown();
        }
        return fleet.failures().size() == options.miners() ? 1 : 0;
    }

    /** A report line for the seconds since start and the hashrate over the last interval. */
    private interface ReportLine {
        String at(long seconds, double rate);
    }

    private static void report(CliOptions options, LongSupplier hashCount, ReportLine line, PrintStream out,
            CountDownLatch interrupted) {
        long start = System.nanoTime();
        long lastTime = start;
        long lastHashes = 0;
        long intervalMillis = options.interval().toMillis();
        long durationNanos = options.duration().toNanos();
        while (!awaitQuietly(interrupted, intervalMillis)) {
            long now = System.nanoTime();
            long hashes = hashCount.getAsLong();
            double rate = (hashes - lastHashes) * 1e9 / Math.max(1, now - lastTime);
            out.println(line.at((now - start) / 1_000_000_000L, rate));
            lastTime = now;
            lastHashes = hashes;
            if (durationNanos > 0 && now - start >= durationNanos) {
                return;
            }
        }
    }

    private static String line(Fleet fleet, long seconds, double rate, boolean withRate) {
        MinerCounters c = fleet.counters();
        String head = !withRate ? "" : String.format(Locale.ROOT, "t=%4ds hashrate %s ", seconds, formatRate(rate));
        return head + String.format(Locale.ROOT,
                "mining %d/%d hashes %d submitted %d accepted %d rejected %d %s blocks %d (accepted %d) failed %d",
                fleet.count(SimMiner.State.MINING), fleet.miners().size(), c.hashes(), c.submitted(), c.accepted(),
                c.rejected(), c.rejectedByCode(), c.blocks(), c.blocksAccepted(), fleet.failures().size());
    }

    static String formatRate(double hashesPerSecond) {
        String[] units = {"H/s", "kH/s", "MH/s", "GH/s", "TH/s"};
        int u = 0;
        double v = hashesPerSecond;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }

    private static boolean awaitQuietly(CountDownLatch latch, long millis) {
        try {
            return latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
