package io.stratumpool.pool.config;

/**
 * One Stratum port and its difficulty rules: the starting difficulty, vardiff's bounds (fractional
 * minimums allowed) and vardiff's aim of one share every {@code targetShareSeconds}, retargeting
 * after {@code retargetShares} shares or {@code retargetSeconds}, whichever comes first.
 * {@code coinbaseMaxBytes} (0: the pool's {@code payout.coinbase.maxBytes}) caps the coinbase for
 * firmware that refuses larger ones (NiceHash about 500 bytes, stock Antminer S19 about 730).
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
        Boolean proxyProtocol,
        Integer coinbaseMaxBytes) {

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
        coinbaseMaxBytes = coinbaseMaxBytes == null ? 0 : coinbaseMaxBytes;
    }

    public PortConfig(Integer port, Double initialDifficulty, Double minDifficulty, Double maxDifficulty,
            Double targetShareSeconds, Integer retargetShares, Double retargetSeconds, Boolean vardiff) {
        this(port, initialDifficulty, minDifficulty, maxDifficulty, targetShareSeconds, retargetShares, retargetSeconds,
                vardiff, null, null, null);
    }

    public static PortConfig defaults(int port) {
        return new PortConfig(port, null, null, null, null, null, null, null, null, null, null);
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
        if (coinbaseMaxBytes != 0) {
            io.stratumpool.pool.accounting.CoinbasePayoutConfig.checkBytes(path + ".coinbaseMaxBytes", coinbaseMaxBytes)
                    .forEach(p::add);
        }
        p.check(retargetSeconds >= 1 && retargetSeconds <= 86_400, path + ".retargetSeconds", retargetSeconds, "1..86400");
    }
}
