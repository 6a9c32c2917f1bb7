package io.stratumpool.pool.server;

import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.session.StratumSession;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a one-line pool summary every ten seconds for operators watching the console. */
final class StatsReporter implements AutoCloseable {
    private static final Logger EVENTS = LoggerFactory.getLogger("event.pool-stats");
    private static final long PERIOD_SECONDS = 10;

    private final SessionRegistry registry;
    private final JobManager jobs;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pool-stats");
        t.setDaemon(true);
        return t;
    });
    private double lastDifficulty;
    private long lastMillis;

    StatsReporter(SessionRegistry registry, JobManager jobs, PoolMetrics metrics, Clock clock) {
        this.registry = registry;
        this.jobs = jobs;
        this.clock = clock;
        this.lastMillis = clock.millis();
        timer.scheduleAtFixedRate(this::report, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private void report() {
        double difficulty = 0;
        long accepted = 0;
        long rejected = 0;
        for (StratumSession s : registry.sessions()) {
            difficulty += s.acceptedDifficulty();
            accepted += s.acceptedShares();
            rejected += s.rejectedShares();
        }
        long now = clock.millis();
        double seconds = Math.max(1, (now - lastMillis) / 1000.0);
        double hashrate = Math.max(0, difficulty - lastDifficulty) * 4294967296.0 / seconds;
        lastDifficulty = difficulty;
        lastMillis = now;
        EVENTS.info("miners {} | hashrate {} | shares accepted {} rejected {} (live connections) | height {}",
                registry.readyCount(), formatHashrate(hashrate), accepted, rejected,
                jobs.current() == null ? "-" : jobs.current().template().height());
    }

    static String formatHashrate(double hashesPerSecond) {
        String[] units = {"H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"};
        int i = 0;
        double v = hashesPerSecond;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format("%.2f %s", v, units[i]);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
