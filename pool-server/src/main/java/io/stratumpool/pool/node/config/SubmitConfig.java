package io.stratumpool.pool.node.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Block submission: how often {@code submitblock} is tried per node when the node cannot be
 * reached (a found block is worth a few quick retries), and how long to wait between tries.
 */
public record SubmitConfig(Integer attempts, Long retryDelayMillis, Long requestTimeoutMillis) {
    public static final int DEFAULT_ATTEMPTS = 4;
    public static final long DEFAULT_RETRY_DELAY_MILLIS = 250;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;

    public SubmitConfig {
        attempts = attempts == null ? DEFAULT_ATTEMPTS : attempts;
        retryDelayMillis = retryDelayMillis == null ? DEFAULT_RETRY_DELAY_MILLIS : retryDelayMillis;
        requestTimeoutMillis = requestTimeoutMillis == null ? DEFAULT_REQUEST_TIMEOUT_MILLIS : requestTimeoutMillis;
    }

    public static SubmitConfig defaults() {
        return new SubmitConfig(null, null, null);
    }

    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        ConfigChecks.positive(path + ".attempts", attempts, problems);
        ConfigChecks.atLeast(path + ".retryDelayMillis", retryDelayMillis, 0, problems);
        ConfigChecks.positive(path + ".requestTimeoutMillis", requestTimeoutMillis, problems);
        return problems;
    }
}
