package io.stratumpool.pool.node.config;

import java.util.ArrayList;
import java.util.List;

/** How often accepted blocks are checked against the chain, and the depth at which they count as confirmed. */
public record ConfirmationConfig(Long checkIntervalMillis, Integer required) {
    public static final long DEFAULT_CHECK_INTERVAL_MILLIS = 30_000;
    /** Coinbase maturity: a block's reward is spendable after 100 confirmations. */
    public static final int DEFAULT_REQUIRED = 100;

    public ConfirmationConfig {
        checkIntervalMillis = checkIntervalMillis == null ? DEFAULT_CHECK_INTERVAL_MILLIS : checkIntervalMillis;
        required = required == null ? DEFAULT_REQUIRED : required;
    }

    public static ConfirmationConfig defaults() {
        return new ConfirmationConfig(null, null);
    }

    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        ConfigChecks.positive(path + ".checkIntervalMillis", checkIntervalMillis, problems);
        ConfigChecks.positive(path + ".required", required, problems);
        return problems;
    }
}
