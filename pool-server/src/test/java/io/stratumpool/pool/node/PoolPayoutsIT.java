package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.node.RegtestPayouts.Payout;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Hex;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Simulated miners mine through the whole pool against a real bcoin regtest node: one run of 50
 * blocks and more paying a P2WPKH address, then shorter runs paying P2TR, P2PKH and P2SH. Each
 * time the node grows by exactly the blocks the pool records as accepted, and every one of them
 * pays the configured address in full, with the BIP34 height and the witness commitment.
 *
 * <p>Regtest's network difficulty is the minimum, so the pool clamps share difficulty to it and
 * nearly every share is a block; the miners are throttled to a few hashes per second so blocks come
 * at a rate the pool's 100 ms tip polling follows. Blocks found on a tip the pool has not yet
 * replaced lose the race at their height; the node keeps them on a side branch and the pool's
 * confirmation tracker records them as orphaned, which is why the records are compared with the
 * chain only once settled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolPayoutsIT {
    private static final int MINERS = 3;
    /** Hashes per second per miner; about half of all hashes are blocks at regtest's difficulty. */
    private static final double HASHRATE = 3;
    private BcoinNode node;

    @BeforeAll
    void startNode() throws Exception {
        node = BcoinNode.start("payouts");
        // Segwit activates at 432: the pool's blocks carry witness commitments.
        node.generateToAddress(ChainAudit.SEGWIT_HEIGHT - 1, RegtestPayouts.p2wpkh("warm-up").address());
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    /** The long run: 50 blocks and more through the pool, paying a P2WPKH address. */
    @Test
    void minersMineFiftyBlocksAndTheNodeGrowsByExactlyTheAcceptedOnes() throws Exception {
        mine(RegtestPayouts.p2wpkh("p2wpkh"), 50);
    }

    List<Payout> otherPayouts() {
        return RegtestPayouts.all().stream().filter(p -> !p.type().equals("P2WPKH")).toList();
    }

    /** Shorter runs for the other address types: each block pays the configured output. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("otherPayouts")
    void everyBlockPaysTheConfiguredAddress(Payout payout) throws Exception {
        mine(payout, 10);
    }

    private void mine(Payout payout, int blocks) throws Exception {
        assertBcoinReadsTheAddressAsTheScript(payout);
        long before = node.getBlockCount();
        try (NodePool p = NodePool.start(node, payout.address(), Map.of())) {
            long started = System.nanoTime();
            Fleet fleet = p.fleet(MINERS, HASHRATE);
            try {
                assertTrue(fleet.awaitAllMining(Duration.ofSeconds(20)), () -> "miners: " + fleet.miners());
                Waits.until(() -> blocks + " blocks; so far: " + p.blocks(), Duration.ofSeconds(90),
                        () -> node.getBlockCount() - before >= blocks);
            } finally {
                fleet.stop();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            p.awaitSettled();

            List<BlockRecord> accepted = ChainAudit.assertRecordsMatchChain(p, before);
            assertTrue(accepted.size() >= blocks, () -> "accepted: " + accepted.size());
            accepted.forEach(b -> ChainAudit.assertCoinbase(p, b, payout));
            assertEquals(List.of(), p.blocks(EnumSet.of(BlockStatus.REJECTED)), "no block the node refused");
            assertTrue(fleet.failures().isEmpty(), () -> "firmware failures: " + fleet.failures());
            System.out.printf("[payouts] %s: %d blocks accepted, %d orphaned (lost races) in %.1f s; fleet %s%n",
                    payout, accepted.size(), p.blocks(EnumSet.of(BlockStatus.ORPHANED)).size(), seconds,
                    fleet.counters());
        }
    }

    /** The node's own reading of the address; bcoin 1.0.2 predates bech32m (BIP350), so not for P2TR. */
    private void assertBcoinReadsTheAddressAsTheScript(Payout payout) {
        if (payout.type().equals("P2TR")) {
            return;
        }
        JsonNode answer = node.rpc("validateaddress", payout.address());
        assertTrue(answer.path("isvalid").asBoolean(), () -> "bcoin: " + answer);
        assertEquals(Hex.encode(payout.script()), answer.path("scriptPubKey").asText(), "bcoin's script for " + payout);
    }
}
