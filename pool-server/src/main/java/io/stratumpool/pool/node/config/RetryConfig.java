package io.stratumpool.pool.node.config;

import java.util.ArrayList;
import java.util.List;

/** Exponential backoff for a failed node: start at {@code initialBackoffMillis}, double, stop at the cap. */
public record RetryConfig(Long initialBackoffMillis, Long maxBackoffMillis) {
    public static final long DEFAULT_INITIAL_BACKOFF_MILLIS = 100;
    public static final long DEFAULT_MAX_BACKOFF_MILLIS = 10_000;

    public RetryConfig {
        initialBackoffMillis = initialBackoffMillis == null ? DEFAULT_INITIAL_BACKOFF_MILLIS : initialBackoffMillis;
        maxBackoffMillis = maxBackoffMillis == null ? DEFAULT_MAX_BACKOFF_MILLIS : maxBackoffMillis;
    }

    public static RetryConfig defaults() {
        return new RetryConfig(null, null);
    }

    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        ConfigChecks.positive(path + ".initialBackoffMillis", initialBackoffMillis, problems);
        ConfigChecks.atLeast(path + ".maxBackoffMillis", maxBackoffMillis, initialBackoffMillis, problems);
        return problems;
    }
}
