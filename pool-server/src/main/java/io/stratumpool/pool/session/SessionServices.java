package io.stratumpool.pool.session;

import io.stratumpool.pool.config.LimitsConfig;
import io.stratumpool.pool.config.PortConfig;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.share.ShareProcessor;
import java.time.Clock;
import java.util.function.Function;

/**
 * What every session of one port shares. {@code userCheck} returns null for an acceptable user
 * name or the reason it is refused (solo mode requires a Bitcoin address). {@code ticker} times the
 * port's connections (authorize and idle timeouts, vardiff checks).
 */
public record SessionServices(
        PortConfig port,
        LimitsConfig limits,
        long poolVersionMask,
        SessionRegistry registry,
        JobManager jobs,
        ShareProcessor shares,
        PoolMetrics metrics,
        Clock clock,
        Function<String, String> userCheck,
        SessionTicker ticker) {

    /** With a ticker of its own for the port's connections. */
    public SessionServices(PortConfig port, LimitsConfig limits, long poolVersionMask, SessionRegistry registry,
            JobManager jobs, ShareProcessor shares, PoolMetrics metrics, Clock clock, Function<String, String> userCheck) {
        this(port, limits, poolVersionMask, registry, jobs, shares, metrics, clock, userCheck, new SessionTicker(port, limits));
    }
}
