package io.stratumpool.sim;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The miner-sim command line: starts a fleet against a pool, prints hashrate, shares and blocks
 * every few seconds, and stops after {@code --duration} or on Ctrl-C.
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
            return runFleet(options, runtime, out, hookCtrlC);
        }
    }

    private static int runFleet(CliOptions options, SimRuntime runtime, PrintStream out, boolean hookCtrlC) {
        out.printf("miner-sim: %d miner(s), profile %s, %s per miner, to %s:%d%n", options.miners(), options.profile(),
                options.hashrate() > 0 ? formatRate(options.hashrate()) : "unlimited", options.host(), options.port());
        Fleet fleet = Fleet.start(runtime, options.miners(), options::minerOptions);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.countDown();
            awaitQuietly(finished, 5_000);
        }, "miner-sim-shutdown");
        if (hookCtrlC) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            report(options, fleet, out, interrupted);
        } finally {
            fleet.stop();
            out.println("final: " + line(fleet, 0, 0, false));
            fleet.failures().forEach((name, reason) -> out.println("  " + name + " failed: " + reason));
            finished.countDown();
        }
        return fleet.failures().size() == options.miners() ? 1 : 0;
    }

    private static void report(CliOptions options, Fleet fleet, PrintStream out, CountDownLatch interrupted) {
        long start = System.nanoTime();
        long lastTime = start;
        long lastHashes = 0;
        long intervalMillis = options.interval().toMillis();
        long durationNanos = options.duration().toNanos();
        while (!awaitQuietly(interrupted, intervalMillis)) {
            long now = System.nanoTime();
            long hashes = fleet.counters().hashes();
            double rate = (hashes - lastHashes) * 1e9 / Math.max(1, now - lastTime);
            out.println(line(fleet, (now - start) / 1_000_000_000L, rate, true));
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
