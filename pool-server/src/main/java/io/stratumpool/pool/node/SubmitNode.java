package io.stratumpool.pool.node;

/** A node blocks are submitted to, remembering whether it lacks {@code preciousblock}. */
final class SubmitNode {
    private final NodeRpcClient client;
    private volatile boolean preciousUnsupported;

    SubmitNode(NodeRpcClient client) {
        this.client = client;
    }

    NodeRpcClient client() {
        return client;
    }

    boolean preciousUnsupported() {
        return preciousUnsupported;
    }

    void preciousUnsupported(boolean value) {
        preciousUnsupported = value;
    }

    @Override
    public String toString() {
        return client.name();
    }
}
