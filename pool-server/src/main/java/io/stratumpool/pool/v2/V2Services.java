package io.stratumpool.pool.v2;

import io.stratumpool.pool.config.LimitsConfig;
import io.stratumpool.pool.config.PortConfig;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.share.ShareProcessor;
import java.time.Clock;
import java.util.function.Function;

/**
 * What every V2 connection of one port shares. {@code sessions} is the V1 registry, for what both
 * edges share: bans and the extranonce1 allocator (so no V1 session and no V2 channel ever mine the
 * same coinbase). {@code userCheck} returns null for an acceptable user or why it is refused.
 */
public record V2Services(
        PortConfig port,
        LimitsConfig limits,
        long versionMask,
        V2Registry registry,
        SessionRegistry sessions,
        JobManager jobs,
        ShareProcessor shares,
        PoolMetrics metrics,
        Clock clock,
        Function<String, String> userCheck) {
}
