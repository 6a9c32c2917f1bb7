package io.stratumpool.pool.node;

/** Tells "this node cannot do BIP23 proposals" apart from "this node rejects the proposed block". */
final class ProposalSupport {
    /** Bitcoin Core and bcoin answer an unknown getblocktemplate mode with RPC_INVALID_PARAMETER. */
    private static final int RPC_INVALID_PARAMETER = -8;

    private ProposalSupport() {
    }

    static boolean isUnsupported(NodeRpcException e) {
        if (e.kind() != NodeRpcException.Kind.RPC) {
            return false;
        }
        if (e.isMethodNotFound()) {
            return true;
        }
        String message = e.rpcMessage() == null ? "" : e.rpcMessage().toLowerCase(java.util.Locale.ROOT);
        return e.rpcCode() == RPC_INVALID_PARAMETER && message.contains("mode");
    }
}
