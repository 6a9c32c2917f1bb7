package io.stratumpool.pool.config;

/**
 * One Stratum port and its difficulty rules: the starting difficulty, vardiff's bounds (fractional
 * minimums allowed) and vardiff's aim of one share every {@code targetShareSeconds}, retargeting
 * after {@code retargetShares} shares or {@code retargetSeconds}, whichever comes first.
 */
public record PortConfig(
        Integer port,
        Double initialDifficulty,
        Double minDifficulty,
        Double maxDifficulty,
        Double targetShareSeconds,
        Integer retargetShares,
        Double retargetSeconds,
        Boolean vardiff,
        Boolean tls,
        Boolean proxyProtocol) {

    public PortConfig {
        port = port == null ? 3333 : port;
        // Low defaults suit the sandbox's CPU miners; an ASIC starting this low is raised by vardiff
        // after its first retargetShares shares, within a fraction of a second.
        minDifficulty = minDifficulty == null ? 0.00001 : minDifficulty;
        initialDifficulty = initialDifficulty == null ? Math.max(minDifficulty, 0.001) : initialDifficulty;
        maxDifficulty = maxDifficulty == null ? 1e15 : maxDifficulty;
        targetShareSeconds = targetShareSeconds == null ? 10.0 : targetShareSeconds;
        retargetShares = retargetShares == null ? 30 : retargetShares;
        retargetSeconds = retargetSeconds == null ? 90.0 : retargetSeconds;
        vardiff = vardiff == null ? Boolean.TRUE : vardiff;
        tls = tls == null ? Boolean.FALSE : tls;
        proxyProtocol = proxyProtocol == null ? Boolean.FALSE : proxyProtocol;
    }

    public PortConfig(Integer port, Double initialDifficulty, Double minDifficulty, Double maxDifficulty,
            Double targetShareSeconds, Integer retargetShares, Double retargetSeconds, Boolean vardiff) {
        this(port, initialDifficulty, minDifficulty, maxDifficulty, targetShareSeconds, retargetShares, retargetSeconds,
                vardiff, null, null);
    }

    public static PortConfig defaults(int port) {
        return new PortConfig(port, null, null, null, null, null, null, null, null, null);
    }

    void validate(Problems p, String path) {
        p.range(path + ".port", port, 0, 65535); // 0: the OS picks a free port (tests)
        p.positive(path + ".minDifficulty", minDifficulty);
        p.positive(path + ".maxDifficulty", maxDifficulty);
        p.positive(path + ".initialDifficulty", initialDifficulty);
        if (minDifficulty > 0 && maxDifficulty > 0) {
            p.check(minDifficulty <= maxDifficulty, path + ".minDifficulty", minDifficulty, "<= maxDifficulty " + maxDifficulty);
            p.check(initialDifficulty >= minDifficulty && initialDifficulty <= maxDifficulty, path + ".initialDifficulty",
                    initialDifficulty, "between minDifficulty and maxDifficulty");
        }
        p.check(targetShareSeconds >= 0.1 && targetShareSeconds <= 3600, path + ".targetShareSeconds", targetShareSeconds, "0.1..3600");
        p.range(path + ".retargetShares", retargetShares, 1, 100_000);
        p.check(retargetSeconds >= 1 && retargetSeconds <= 86_400, path + ".retargetSeconds", retargetSeconds, "1..86400");
    }
}
