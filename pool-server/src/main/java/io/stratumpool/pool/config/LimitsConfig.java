package io.stratumpool.pool.config;

/**
 * Connection limits. Large farms sit behind one NAT address, so the per-IP default is generous;
 * the process's open-file limit caps {@code maxConnections} in practice.
 */
public record LimitsConfig(
        Integer maxConnections,
        Integer maxConnectionsPerIp,
        Integer authorizeTimeoutSeconds,
        Integer idleTimeoutSeconds,
        Integer maxRequestsPerSecond,
        Double maxInvalidShareRatio,
        Integer banSeconds) {

    public LimitsConfig {
        maxConnections = maxConnections == null ? 50_000 : maxConnections;
        maxConnectionsPerIp = maxConnectionsPerIp == null ? 5_000 : maxConnectionsPerIp;
        authorizeTimeoutSeconds = authorizeTimeoutSeconds == null ? 60 : authorizeTimeoutSeconds;
        idleTimeoutSeconds = idleTimeoutSeconds == null ? 600 : idleTimeoutSeconds;
        maxRequestsPerSecond = maxRequestsPerSecond == null ? 500 : maxRequestsPerSecond;
        maxInvalidShareRatio = maxInvalidShareRatio == null ? 0.9 : maxInvalidShareRatio;
        banSeconds = banSeconds == null ? 60 : banSeconds;
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(null, null, null, null, null, null, null);
    }

    void validate(Problems p) {
        p.range("stratum.limits.maxConnections", maxConnections, 1, 10_000_000);
        p.range("stratum.limits.maxConnectionsPerIp", maxConnectionsPerIp, 1, 10_000_000);
        p.range("stratum.limits.authorizeTimeoutSeconds", authorizeTimeoutSeconds, 1, 86_400);
        p.range("stratum.limits.idleTimeoutSeconds", idleTimeoutSeconds, 10, 86_400);
        p.range("stratum.limits.maxRequestsPerSecond", maxRequestsPerSecond, 1, 1_000_000);
        p.check(maxInvalidShareRatio > 0 && maxInvalidShareRatio <= 1, "stratum.limits.maxInvalidShareRatio",
                maxInvalidShareRatio, "0 < ratio <= 1 (1 disables bans)");
        p.range("stratum.limits.banSeconds", banSeconds, 0, 86_400);
    }
}
