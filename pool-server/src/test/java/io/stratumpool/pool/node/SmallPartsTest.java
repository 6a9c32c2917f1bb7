package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import org.junit.jupiter.api.Test;

/** Backoff, the ZMQ hashblock wire format and submitblock answer interpretation. */
class SmallPartsTest {

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheCap() {
        Backoff backoff = new Backoff(100, 1_000);

        assertEquals(100, backoff.delayMillis(0));
        assertEquals(200, backoff.delayMillis(1));
        assertEquals(800, backoff.delayMillis(3));
        assertEquals(1_000, backoff.delayMillis(4));
        assertEquals(1_000, backoff.delayMillis(1_000), "no overflow for long outages");
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 10));
    }

    @Test
    void zmqHashBlockCarriesTheHashInDisplayOrder() {
        // Block 800000; Bitcoin Core publishes the 32 bytes as RPC shows them.
        String display = "00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054";

        Hash256 hash = ZmqHashBlockSubscriber.parse(ZmqHashBlockSubscriber.TOPIC, Hex.decode(display));

        assertEquals(display, hash.toHexReversed());
    }

    @Test
    void zmqMessagesThatAreNotHashBlockAreIgnored() {
        assertNull(ZmqHashBlockSubscriber.parse("hashtx".getBytes(), new byte[32]));
        assertNull(ZmqHashBlockSubscriber.parse(ZmqHashBlockSubscriber.TOPIC, new byte[31]));
        assertNull(ZmqHashBlockSubscriber.parse(ZmqHashBlockSubscriber.TOPIC, null));
    }

    @Test
    void zmqSequenceIsLittleEndian() {
        assertEquals(0x04030201L, ZmqHashBlockSubscriber.sequence(new byte[] {1, 2, 3, 4}));
        assertEquals(0xffffffffL, ZmqHashBlockSubscriber.sequence(new byte[] {-1, -1, -1, -1}));
        assertEquals(-1, ZmqHashBlockSubscriber.sequence(new byte[3]));
    }

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

    @Test
    void proposalSupportIsToldApartFromRejection() {
        assertTrue(ProposalSupport.isUnsupported(NodeRpcException.rpc("n", "gbt", 500, -8, "Invalid mode")));
        assertTrue(ProposalSupport.isUnsupported(NodeRpcException.rpc("n", "gbt", 404, -32601, "Method not found")));
        assertFalse(ProposalSupport.isUnsupported(NodeRpcException.rpc("n", "gbt", 500, -22, "Block decode failed")));
        assertFalse(ProposalSupport.isUnsupported(NodeRpcException.http("n", "gbt", 500, "oops")));
    }
}
