package io.stratumpool.pool.node;

/**
 * Observes every finished RPC call, for metrics (latency histograms, error counters). Called on
 * the RPC client's threads; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface NodeRpcListener {
    NodeRpcListener NONE = (node, method, nanos, failure) -> { };

    /**
     * @param node the endpoint's display name
     * @param method the RPC method
     * @param nanos time from sending the request to the final outcome, retries included
     * @param failure null on success
     */
    void onCall(String node, String method, long nanos, NodeRpcException failure);
}
