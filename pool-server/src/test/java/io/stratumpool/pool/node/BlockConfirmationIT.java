package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.BlockSubmitter.SubmitOutcome;
import io.stratumpool.pool.block.InMemoryBlockRepository;
import io.stratumpool.pool.node.config.ConfirmationConfig;
import io.stratumpool.pool.node.config.NodeConfig;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Hash256;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The confirmation tracker against real chains: a pool block that stays in the best chain becomes
 * CONFIRMED at 100 confirmations; one that loses to a longer competing chain becomes ORPHANED.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BlockConfirmationIT {
    private final TestKey key = TestKey.fromSeed("BlockConfirmationIT");
    private final InMemoryBlockRepository repository = new InMemoryBlockRepository(Clock.systemUTC());

    @Test
    void acceptedBlockIsConfirmedAfter100Confirmations() throws Exception {
        try (BcoinNode node = BcoinNode.start("confirm")) {
            node.generateToAddress(5, key.address("rb"));
            NodeConfig config = NodeConfig.of(List.of(node.endpoint()))
                    .withConfirmations(new ConfirmationConfig(200L, 100));
            Hash256 ours = mineOne(node, config);
            try (BlockConfirmationTracker tracker = new BlockConfirmationTracker(config, repository, NodeRpcListener.NONE)) {
                tracker.checkNow().get(10, TimeUnit.SECONDS);
                assertEquals(1, record(ours).confirmations());

                node.generateToAddress(98, key.address("rb"));
                tracker.checkNow().get(10, TimeUnit.SECONDS);
                assertEquals(BlockStatus.ACCEPTED, record(ours).status());
                assertEquals(99, record(ours).confirmations());

                tracker.start(); // from here the schedule (every 200 ms) must finish the job
                node.generateToAddress(1, key.address("rb"));
                awaitStatus(ours, BlockStatus.CONFIRMED);
                assertEquals(100, record(ours).confirmations());
            }
        }
    }

    /**
     * A real reorganisation, no invalidateblock: a second bcoin node shares the first five blocks
     * (copied with submitblock), mines two blocks of its own at the heights of ours, and those are
     * handed to the first node with submitblock. bcoin's P2P would carry them the same way; copying
     * keeps the test independent of peer discovery.
     */
    @Test
    void blockBeatenByALongerCompetingChainIsOrphaned() throws Exception {
        try (BcoinNode node = BcoinNode.start("main"); BcoinNode rival = BcoinNode.start("rival")) {
            node.generateToAddress(5, key.address("rb"));
            for (int height = 1; height <= 5; height++) {
                assertEquals(null, rival.submitBlock(node.getBlockBytes(node.getBlockHash(height))));
            }
            NodeConfig config = NodeConfig.of(List.of(node.endpoint()));
            Hash256 ours = mineOne(node, config);
            List<String> competing = rival.generateToAddress(2, TestKey.fromSeed("rival").address("rb"));
            for (String hash : competing) {
                node.submitBlock(rival.getBlockBytes(hash));
            }
            assertEquals(competing.get(1), node.getBestBlockHash(), "the node reorganised to the longer chain");

            try (BlockConfirmationTracker tracker = new BlockConfirmationTracker(config, repository, NodeRpcListener.NONE)) {
                tracker.checkNow().get(10, TimeUnit.SECONDS);
            }
            BlockRecord record = record(ours);
            assertEquals(BlockStatus.ORPHANED, record.status());
            assertTrue(record.reason().contains(competing.get(0)), record.reason());
        }
    }

    /** Mines one block through the pool's path (template, solve, NodeBlockSubmitter) and checks it was accepted. */
    private Hash256 mineOne(BcoinNode node, NodeConfig config) throws Exception {
        TestBlocks.Solved solved = TestBlocks.solve(TemplateParser.parse(node.getBlockTemplate()).template(),
                key.p2wpkhScript());
        try (NodeBlockSubmitter submitter = new NodeBlockSubmitter(config, repository, Clock.systemUTC(),
                NodeRpcListener.NONE)) {
            assertEquals(SubmitOutcome.ok(), submitter.submit(solved.found()).get(30, TimeUnit.SECONDS));
        }
        assertEquals(BlockStatus.ACCEPTED, record(solved.hash()).status());
        return solved.hash();
    }

    private BlockRecord record(Hash256 hash) {
        return repository.find(hash).orElseThrow();
    }

    private void awaitStatus(Hash256 hash, BlockStatus status) throws InterruptedException {
        Waits.until(() -> "block " + hash + " " + status + ", still " + record(hash).status(), Duration.ofSeconds(10),
                Duration.ofMillis(50), () -> record(hash).status() == status);
    }
}
