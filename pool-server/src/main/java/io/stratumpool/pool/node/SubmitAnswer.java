package io.stratumpool.pool.node;

import java.util.Locale;

/**
 * One node's answer to {@code submitblock}: null reason = accepted; a reason string (Core:
 * "high-hash", bcoin: "rejected: high-hash"); or a failure (RPC error, or unreachable after retries).
 */
record SubmitAnswer(SubmitNode node, String reason, NodeRpcException failure) {
    private static final String BCOIN_PREFIX = "rejected: ";

    static SubmitAnswer answered(SubmitNode node, String reason) {
        return new SubmitAnswer(node, reason, null);
    }

    static SubmitAnswer failed(SubmitNode node, NodeRpcException failure) {
        return new SubmitAnswer(node, null, failure);
    }

    boolean accepted() {
        return failure == null && reason == null;
    }

    /** The node already had the block ("duplicate") or took it on a side branch ("inconclusive"). */
    boolean alreadyKnown() {
        String r = normalized();
        return r != null && (r.equals("duplicate") || r.equals("inconclusive") || r.equals("duplicate-inconclusive"));
    }

    /** The reason to record for a rejection, or null when this answer says nothing about the block. */
    String rejectionReason() {
        if (failure != null) {
            return failure.kind() == NodeRpcException.Kind.RPC
                    ? "rpc error " + failure.rpcCode() + ": " + failure.rpcMessage() : null;
        }
        return reason == null ? null : normalized();
    }

    String describe() {
        if (failure != null) {
            return failure.getMessage();
        }
        return node + ": " + (reason == null ? "accepted" : reason);
    }

    /** The reason without bcoin's "rejected: " prefix, so both nodes' words compare alike. */
    private String normalized() {
        if (reason == null) {
            return null;
        }
        String r = reason.trim();
        if (r.toLowerCase(Locale.ROOT).startsWith(BCOIN_PREFIX)) {
            r = r.substring(BCOIN_PREFIX.length());
        }
        return r;
    }
}
