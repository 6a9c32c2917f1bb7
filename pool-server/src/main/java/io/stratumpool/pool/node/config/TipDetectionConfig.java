package io.stratumpool.pool.node.config;

import java.util.ArrayList;
import java.util.List;

/**
 * How new blocks are noticed. {@code pollIntervalMillis} drives {@code poll} mode;
 * {@code fallbackPollIntervalMillis} is a slower safety-net poll in {@code zmq} and
 * {@code longpoll} modes (0 turns it off), because a ZMQ subscriber can silently miss messages
 * and a long poll can hang on a half-dead connection.
 */
public record TipDetectionConfig(
        TipDetectionMode mode,
        String zmqEndpoint,
        Long pollIntervalMillis,
        Long fallbackPollIntervalMillis,
        Long longPollTimeoutMillis) {

    public static final long DEFAULT_POLL_INTERVAL_MILLIS = 100;
    public static final long DEFAULT_FALLBACK_POLL_INTERVAL_MILLIS = 1_000;
    public static final long DEFAULT_LONG_POLL_TIMEOUT_MILLIS = 120_000;

    public TipDetectionConfig {
        mode = mode == null ? TipDetectionMode.POLL : mode;
        pollIntervalMillis = pollIntervalMillis == null ? DEFAULT_POLL_INTERVAL_MILLIS : pollIntervalMillis;
        fallbackPollIntervalMillis = fallbackPollIntervalMillis == null
                ? DEFAULT_FALLBACK_POLL_INTERVAL_MILLIS : fallbackPollIntervalMillis;
        longPollTimeoutMillis = longPollTimeoutMillis == null ? DEFAULT_LONG_POLL_TIMEOUT_MILLIS : longPollTimeoutMillis;
    }

    public static TipDetectionConfig poll(long intervalMillis) {
        return new TipDetectionConfig(TipDetectionMode.POLL, null, intervalMillis, null, null);
    }

    public static TipDetectionConfig longPoll() {
        return new TipDetectionConfig(TipDetectionMode.LONGPOLL, null, null, null, null);
    }

    public static TipDetectionConfig zmq(String endpoint) {
        return new TipDetectionConfig(TipDetectionMode.ZMQ, endpoint, null, null, null);
    }

    public TipDetectionConfig withFallbackPollIntervalMillis(long millis) {
        return new TipDetectionConfig(mode, zmqEndpoint, pollIntervalMillis, millis, longPollTimeoutMillis);
    }

    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (mode == TipDetectionMode.ZMQ && (zmqEndpoint == null || !zmqEndpoint.startsWith("tcp://"))) {
            problems.add(path + ".zmqEndpoint: " + (zmqEndpoint == null ? "missing" : "\"" + zmqEndpoint + "\"")
                    + " (expected: tcp://host:port, the node's zmqpubhashblock address)");
        }
        ConfigChecks.positive(path + ".pollIntervalMillis", pollIntervalMillis, problems);
        ConfigChecks.atLeast(path + ".fallbackPollIntervalMillis", fallbackPollIntervalMillis, 0, problems);
        ConfigChecks.atLeast(path + ".longPollTimeoutMillis", longPollTimeoutMillis, 1_000, problems);
        return problems;
    }
}
