package io.stratumpool.pool.node.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code node:} section of the pool config: the Bitcoin nodes in priority order (the first
 * healthy one serves templates; blocks go to all of them), tip detection, template refresh,
 * BIP23 proposals, retry, block submission and confirmation tracking.
 */
public record NodeConfig(
        List<NodeEndpointConfig> endpoints,
        TipDetectionConfig tipDetection,
        Long refreshIntervalMillis,
        Boolean proposals,
        RetryConfig retry,
        SubmitConfig submit,
        ConfirmationConfig confirmations) {

    public static final long DEFAULT_REFRESH_INTERVAL_MILLIS = 30_000;

    public NodeConfig {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        tipDetection = tipDetection == null ? TipDetectionConfig.poll(TipDetectionConfig.DEFAULT_POLL_INTERVAL_MILLIS)
                : tipDetection;
        refreshIntervalMillis = refreshIntervalMillis == null ? DEFAULT_REFRESH_INTERVAL_MILLIS : refreshIntervalMillis;
        proposals = proposals == null ? Boolean.TRUE : proposals;
        retry = retry == null ? RetryConfig.defaults() : retry;
        submit = submit == null ? SubmitConfig.defaults() : submit;
        confirmations = confirmations == null ? ConfirmationConfig.defaults() : confirmations;
    }

    /** Endpoints with every other setting at its default. */
    public static NodeConfig of(List<NodeEndpointConfig> endpoints) {
        return new NodeConfig(endpoints, null, null, null, null, null, null);
    }

    public NodeConfig withTipDetection(TipDetectionConfig value) {
        return new NodeConfig(endpoints, value, refreshIntervalMillis, proposals, retry, submit, confirmations);
    }

    public NodeConfig withRefreshIntervalMillis(long value) {
        return new NodeConfig(endpoints, tipDetection, value, proposals, retry, submit, confirmations);
    }

    public NodeConfig withRetry(RetryConfig value) {
        return new NodeConfig(endpoints, tipDetection, refreshIntervalMillis, proposals, value, submit, confirmations);
    }

    public NodeConfig withProposals(boolean value) {
        return new NodeConfig(endpoints, tipDetection, refreshIntervalMillis, value, retry, submit, confirmations);
    }

    public NodeConfig withConfirmations(ConfirmationConfig value) {
        return new NodeConfig(endpoints, tipDetection, refreshIntervalMillis, proposals, retry, submit, value);
    }

    /** Every problem in the section, each as {@code node.path: value (expected: …)}; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (endpoints.isEmpty()) {
            problems.add("node.endpoints: empty (expected: at least one node)");
        }
        for (int i = 0; i < endpoints.size(); i++) {
            problems.addAll(endpoints.get(i).problems("node.endpoints[" + i + "]"));
        }
        problems.addAll(tipDetection.problems("node.tipDetection"));
        ConfigChecks.positive("node.refreshIntervalMillis", refreshIntervalMillis, problems);
        problems.addAll(retry.problems("node.retry"));
        problems.addAll(submit.problems("node.submit"));
        problems.addAll(confirmations.problems("node.confirmations"));
        return problems;
    }
}
