package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Telling a node that cannot check BIP23 proposals from one that rejects the block. */
class ProposalSupportTest {

    @Test
    void proposalSupportIsToldApartFromRejection() {
        assertTrue(ProposalSupport.isUnsupported(NodeRpcException.rpc("n", "gbt", 500, -8, "Invalid mode")));
        assertTrue(ProposalSupport.isUnsupported(NodeRpcException.rpc("n", "gbt", 404, -32601, "Method not found")));
        assertFalse(ProposalSupport.isUnsupported(NodeRpcException.rpc("n", "gbt", 500, -22, "Block decode failed")));
        assertFalse(ProposalSupport.isUnsupported(NodeRpcException.http("n", "gbt", 500, "oops")));
    }
}
