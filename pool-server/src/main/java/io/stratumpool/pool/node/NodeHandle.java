package io.stratumpool.pool.node;

import java.time.Instant;

/**
 * One configured node as the template source sees it. {@code up} and the proposal flag are read
 * from other threads; everything else is touched only on the source's scheduler thread.
 */
final class NodeHandle {
    private final NodeRpcClient client;
    private final int priority;
    private volatile boolean up = true;
    private volatile boolean proposalsUnsupported;
    private Instant downSince;
    private int failedRetries;
    private String lastError;
    private int flapLevel;
    private long upSinceNanos;

    NodeHandle(NodeRpcClient client, int priority) {
        this.client = client;
        this.priority = priority;
    }

    NodeRpcClient client() {
        return client;
    }

    String name() {
        return client.name();
    }

    int priority() {
        return priority;
    }

    boolean isUp() {
        return up;
    }

    void markDown(Instant at, String error) {
        up = false;
        downSince = at;
        failedRetries = 0;
        lastError = error;
    }

    void markUp() {
        up = true;
    }

    void retryFailed(String error) {
        failedRetries++;
        lastError = error;
    }

    Instant downSince() {
        return downSince;
    }

    int failedRetries() {
        return failedRetries;
    }

    String lastError() {
        return lastError;
    }

    /** How many times in a row it failed soon after recovering: where its backoff resumes. */
    int flapLevel() {
        return flapLevel;
    }

    void flapLevel(int value) {
        flapLevel = value;
    }

    /** When it last came back up (System.nanoTime), 0 if never down. */
    long upSinceNanos() {
        return upSinceNanos;
    }

    void upSinceNanos(long value) {
        upSinceNanos = value;
    }

    boolean proposalsUnsupported() {
        return proposalsUnsupported;
    }

    void proposalsUnsupported(boolean value) {
        proposalsUnsupported = value;
    }

    @Override
    public String toString() {
        return name();
    }
}
