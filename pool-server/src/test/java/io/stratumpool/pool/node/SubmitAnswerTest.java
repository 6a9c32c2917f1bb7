package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How submitblock answers and failures read, alike for Bitcoin Core and bcoin. */
class SubmitAnswerTest {

    @Test
    void submitAnswersReadAlikeFromCoreAndBcoin() {
        SubmitNode node = new SubmitNode(null);

        assertTrue(SubmitAnswer.answered(node, null).accepted());
        assertTrue(SubmitAnswer.answered(node, "duplicate").alreadyKnown());
        assertTrue(SubmitAnswer.answered(node, "rejected: duplicate").alreadyKnown());
        assertTrue(SubmitAnswer.answered(node, "inconclusive").alreadyKnown());
        assertFalse(SubmitAnswer.answered(node, "duplicate-invalid").alreadyKnown());
        assertEquals("high-hash", SubmitAnswer.answered(node, "rejected: high-hash").rejectionReason());
        assertEquals("bad-txnmrklroot", SubmitAnswer.answered(node, "bad-txnmrklroot").rejectionReason());
    }

    @Test
    void submitFailuresOnlyCountAsRejectionsWhenTheNodeSaidWhy() {
        SubmitNode node = new SubmitNode(null);
        NodeRpcException rpc = NodeRpcException.rpc("n", "submitblock", 500, -22, "Block decode failed");
        NodeRpcException down = NodeRpcException.transport("n", "submitblock", "refused", false, null);

        assertEquals("rpc error -22: Block decode failed", SubmitAnswer.failed(node, rpc).rejectionReason());
        assertNull(SubmitAnswer.failed(node, down).rejectionReason());
        assertFalse(SubmitAnswer.failed(node, down).accepted());
    }
}
