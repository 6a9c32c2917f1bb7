package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.node.config.NodeConfig;
import io.stratumpool.pool.node.config.RetryConfig;
import io.stratumpool.pool.node.config.TipDetectionConfig;
import io.stratumpool.sim.Waits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The template source survives its node dying: SIGKILL mid-run, restart on the same data
 * directory and ports, and the source picks up again by itself; with two nodes it fails over to
 * the second and goes back to the first once it recovers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeFailureIT {
    private static final Duration BOUND = Duration.ofSeconds(15);
    private final String address = TestKey.fromSeed("NodeFailureIT").address("rb");

    @Test
    void recoversByItselfAfterTheNodeIsKilledAndRestarted() throws Exception {
        try (BcoinNode node = BcoinNode.start("crash")) {
            node.generateToAddress(2, address);
            NodeConfig config = config(List.of(node));
            RecordingListener listener = new RecordingListener();
            try (NodeTemplateSource source = new NodeTemplateSource(config, Clock.systemUTC(), NodeRpcListener.NONE)) {
                source.start(listener);
                listener.awaitNewTipOn(node.getBestBlockHash(), BOUND);

                node.kill();
                Waits.until("node-down noticed", BOUND, () -> source.stats().nodeDownEvents() == 1);
                Waits.until("retries with backoff while it is down", BOUND, () -> source.stats().retries() >= 3);
                assertEquals(Optional.empty(), source.activeNode());
                node.restart();
                String hash = node.generateToAddress(1, address).get(0);

                listener.awaitNewTipOn(hash, BOUND);
                assertEquals(Optional.of("crash"), source.activeNode());
                assertEquals(1, source.stats().nodeDownEvents(), "one state change, however many retries");
                assertTrue(source.stats().rpcFailures() >= 1, source.stats().toString());
                System.out.println("[failure] after kill and restart: " + source.stats());
            }
        }
    }

    @Test
    void failsOverToTheSecondNodeAndBackWhenTheFirstRecovers() throws Exception {
        try (BcoinNode first = BcoinNode.start("first"); BcoinNode second = BcoinNode.start("second")) {
            first.generateToAddress(2, address); // two separate chains, so their templates tell them apart
            second.generateToAddress(5, address);
            RecordingListener listener = new RecordingListener();
            try (NodeTemplateSource source = new NodeTemplateSource(config(List.of(first, second)), Clock.systemUTC(),
                    NodeRpcListener.NONE)) {
                source.start(listener);
                listener.awaitNewTipOn(first.getBestBlockHash(), BOUND);

                long killed = System.nanoTime();
                first.kill();
                RecordingListener.Delivery fromSecond = listener.awaitNewTipOn(second.getBestBlockHash(), BOUND);
                System.out.printf("[failover] template from the second node %.0f ms after the first was killed%n",
                        (fromSecond.nanoTime() - killed) / 1e6);
                assertEquals(Optional.of("second"), source.activeNode());
                assertEquals(6, fromSecond.template().height());

                first.restart();
                listener.awaitNewTipOn(first.getBestBlockHash(), BOUND);
                assertEquals(Optional.of("first"), source.activeNode());
            }
        }
    }

    private static NodeConfig config(List<BcoinNode> nodes) {
        return NodeConfig.of(nodes.stream().map(BcoinNode::endpoint).toList())
                .withTipDetection(TipDetectionConfig.poll(100))
                .withRetry(new RetryConfig(100L, 1_000L));
    }
}
