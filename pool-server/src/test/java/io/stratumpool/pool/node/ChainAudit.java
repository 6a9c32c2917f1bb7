package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.node.RegtestPayouts.Payout;
import io.stratumpool.validator.Block;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.Script;
import io.stratumpool.validator.Transaction;
import io.stratumpool.validator.address.Address;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Compares what the pool recorded with what the node holds. */
final class ChainAudit {
    /** bcoin's regtest activates segwit here; from then on every block carries a witness commitment. */
    static final int SEGWIT_HEIGHT = 432;

    private ChainAudit() {
    }

    /**
     * Every block the pool counts as accepted is the node's main-chain block at its height and was
     * built on the main-chain block below it (so on the node's tip of the time, never a stale one),
     * and the node grew by exactly as many blocks. Call after {@link NodePool#awaitSettled()}.
     * Returns those blocks, lowest first.
     */
    static List<BlockRecord> assertRecordsMatchChain(NodePool p, long heightBefore) {
        long heightAfter = p.node.getBlockCount();
        List<BlockRecord> accepted = p.blocks(NodePool.IN_CHAIN);
        for (BlockRecord b : accepted) {
            assertEquals(p.chainHash(b.height()), b.hash(), () -> "accepted, but not the node's block at its height: " + b);
            assertEquals(p.chainHash(b.height() - 1), b.prevHash(), () -> "accepted, but not on the node's chain: " + b);
        }
        assertEquals(heightAfter - heightBefore, accepted.size(),
                () -> "node height " + heightBefore + " → " + heightAfter + ", pool's blocks: " + p.blocks());
        return accepted;
    }

    /**
     * The block's coinbase, as the node serves it, pays the whole reward to the configured payout
     * (the hand-written script and the pool's own address parsing agree), carries the BIP34 height
     * and the pool tag, and after segwit activation the witness commitment.
     */
    static Block assertCoinbase(NodePool p, BlockRecord record, Payout payout) {
        Block block = Block.parse(p.node.getBlockBytes(record.hash().toHexReversed()));
        assertEquals(record.hash(), block.hash());
        Transaction coinbase = block.transactions().get(0);
        byte[] scriptSig = coinbase.inputs().get(0).scriptSig();
        assertEquals(record.height(), Script.parseBip34Height(scriptSig), "BIP34 height");
        assertTrue(new String(scriptSig, StandardCharsets.ISO_8859_1).contains("/stratumpool-it/"), "pool tag");
        Transaction.Output paid = coinbase.outputs().get(0);
        assertArrayEquals(payout.script(), paid.script(), () -> payout + " at height " + record.height());
        assertArrayEquals(Address.parse(payout.address(), RegtestPayouts.NETWORK).outputScript(), paid.script());
        assertEquals(record.reward(), paid.value(), "the whole coinbase value goes to the payout");
        if (record.height() >= SEGWIT_HEIGHT) {
            assertNotNull(Merkle.findWitnessCommitment(coinbase.outputs()), "witness commitment");
            assertEquals(2, coinbase.outputs().size(), "payout and witness commitment, nothing else");
        }
        return block;
    }
}
