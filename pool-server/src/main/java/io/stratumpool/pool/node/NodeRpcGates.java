package io.stratumpool.pool.node;

import io.stratumpool.pool.node.config.NodeEndpointConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link RpcGate} per node URL, shared by the template source, the block submitter and the confirmation tracker. */
public final class NodeRpcGates {
    private final int maxInFlight;
    private final Map<String, RpcGate> gates = new ConcurrentHashMap<>();

    public NodeRpcGates(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public static NodeRpcGates withDefaults() {
        return new NodeRpcGates(RpcGate.DEFAULT_MAX_IN_FLIGHT);
    }

    public RpcGate forEndpoint(NodeEndpointConfig endpoint) {
        return gates.computeIfAbsent(endpoint.url(), url -> new RpcGate(maxInFlight));
    }
}
