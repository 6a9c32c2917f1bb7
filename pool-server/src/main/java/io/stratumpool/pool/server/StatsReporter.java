package io.stratumpool.pool.server;

import io.stratumpool.pool.concurrent.NamedThreads;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockRepository;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.session.StratumSession;
import io.stratumpool.pool.v2.V2Registry;
import io.stratumpool.pool.v2.V2Session;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a one-line pool summary every ten seconds for operators watching the console. */
final class StatsReporter implements AutoCloseable {
    private static final Logger EVENTS = LoggerFactory.getLogger("event.pool-stats");
    private static final long PERIOD_SECONDS = 10;

    private final SessionRegistry registry;
    private final V2Registry v2;
    private final JobManager jobs;
    private final BlockRepository blocks;
    private final DoubleSupplier hashrate;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(new NamedThreads("pool-stats"));

    /** {@code hashrate}: the pool's hashrate estimate in H/s (NaN when unknown). */
    StatsReporter(SessionRegistry registry, V2Registry v2, JobManager jobs, BlockRepository blocks, DoubleSupplier hashrate) {
        this.registry = registry;
        this.v2 = v2;
        this.jobs = jobs;
        this.blocks = blocks;
        this.hashrate = hashrate;
        timer.scheduleAtFixedRate(this::report, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private void report() {
        try {
            long accepted = 0;
            long rejected = 0;
            for (StratumSession s : registry.sessions()) {
                accepted += s.acceptedShares();
                rejected += s.rejectedShares();
            }
            for (V2Session s : v2.sessions()) {
                for (V2Session.ChannelView c : s.channels()) {
                    accepted += c.accepted();
                    rejected += c.rejected();
                }
            }
            List<BlockRecord> recent = blocks.recent(1000);
            long found = recent.stream().filter(b -> b.status() != BlockStatus.REJECTED && b.status() != BlockStatus.ORPHANED
                    && b.status() != BlockStatus.SIBLING).count();
            double h = hashrate.getAsDouble();
            EVENTS.info("miners {} | hashrate {} | shares accepted {} rejected {} (connected miners) | blocks {} | height {}",
                    registry.readyCount() + v2.readyCount(), Double.isNaN(h) ? "-" : formatHashrate(h), accepted, rejected, found,
                    jobs.current() == null ? "-" : jobs.current().template().height());
        } catch (RuntimeException e) {
            EVENTS.warn("statistics unavailable: {}", e.toString());
        }
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
