package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.node.RegtestPayouts.Payout;
import io.stratumpool.sim.Waits;
import io.stratumpool.sim.v2.ChannelKind;
import io.stratumpool.sim.v2.V2Miner;
import io.stratumpool.sim.v2.V2MinerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blocks found through Stratum V2 channels, standard (the pool folds the merkle root) and extended
 * (the miner builds the coinbase from the prefix and suffix), are accepted by a real bcoin regtest
 * node: the node's chain grows by exactly the blocks the pool records as accepted, and each pays
 * the configured address with the BIP34 height and the pool tag.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeV2BlockIT {
    private static final Duration BOUND = Duration.ofSeconds(40);

    @Test
    void blocksFoundThroughStandardAndExtendedChannelsAreOnTheNodesChain() throws Exception {
        Payout payout = RegtestPayouts.p2pkh("v2blocks");
        try (BcoinNode node = BcoinNode.startPastHeight16("v2blocks", payout.address())) {
            long before = node.getBlockCount();
            try (NodePool p = NodePool.start(node, payout.address(), Map.of())) {
                // At regtest's difficulty every other hash is a block: a batch of 2048 hashes a second gives
                // one block per tip and siblings (recorded, never submitted) for the rest. One miner at a
                // time, so neither always loses the race for the next height.
                for (ChannelKind kind : List.of(ChannelKind.STANDARD, ChannelKind.EXTENDED)) {
                    String worker = kind == ChannelKind.STANDARD ? "std" : "ext";
                    V2Miner miner = miner(p, "v2." + worker, kind);
                    try {
                        Waits.until(() -> "two blocks in the node's chain from the " + kind + " channel: "
                                + inChainBy(p, worker) + ", node height " + node.getBlockCount(), BOUND,
                                // Asking the node each time keeps BcoinNode's HTTP connection in use: bcoin (Node's
                                // http server) drops a keep-alive connection idle for 5 s, which raced the audit below.
                                () -> node.getBlockCount() > before && inChainBy(p, worker) >= 2);
                    } finally {
                        miner.close();
                    }
                    assertEquals(List.of(), miner.rejectedShares().stream()
                            .filter(r -> !r.errorCode().equals("stale-share")).toList(), "only stale refusals (a tip moved)");
                }
                // Block records are written in order behind a thousand siblings per batch: wait for them.
                Waits.until(() -> "the pool's records of the node's " + (node.getBlockCount() - before) + " new blocks: "
                        + p.inChainCount(), BOUND, () -> p.inChainCount() == node.getBlockCount() - before);
                p.awaitSettled();
                List<BlockRecord> accepted = ChainAudit.assertRecordsMatchChain(p, before);
                assertFalse(accepted.isEmpty());
                accepted.forEach(b -> ChainAudit.assertCoinbase(p, b, payout));
            }
        }
    }

    private static V2Miner miner(NodePool p, String user, ChannelKind kind) {
        V2Miner miner = new V2Miner(p.sims, V2MinerOptions.builder("127.0.0.1", p.pool.v2Port(0))
                .authorityKey(p.pool.v2AuthorityKey()).user(user).name(user).channel(kind).hashrate(2048).build());
        miner.start();
        return miner;
    }

    /** How many blocks found by {@code worker} the pool records as in the node's chain. */
    private static long inChainBy(NodePool p, String worker) {
        return p.blocks(NodePool.IN_CHAIN).stream().filter(b -> b.worker().equals(worker)).count();
    }
}
