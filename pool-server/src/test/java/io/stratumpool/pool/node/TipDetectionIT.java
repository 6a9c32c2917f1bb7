package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.node.config.NodeConfig;
import io.stratumpool.pool.node.config.TipDetectionConfig;
import io.stratumpool.validator.Hex;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A block mined by another client (bcoin's generatetoaddress) reaches the listener as a new-tip
 * template within a bounded time, in each tip-detection mode; the latency is measured and printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TipDetectionIT {
    private static final int ROUNDS = 8;
    private static final Duration BOUND = Duration.ofSeconds(3);
    private final String address = TestKey.fromSeed("TipDetectionIT").address("rb");
    private BcoinNode node;

    @BeforeAll
    void startNode() throws Exception {
        node = BcoinNode.start("tips");
        node.generateToAddress(1, address);
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void pollingGetBestBlockHashNoticesNewBlocks() throws Exception {
        NodeConfig config = config(TipDetectionConfig.poll(100));
        try (NodeTemplateSource source = new NodeTemplateSource(config, Clock.systemUTC(), NodeRpcListener.NONE)) {
            measure("poll (100 ms)", source, hash -> { });
        }
    }

    @Test
    void longPollNoticesNewBlocks() throws Exception {
        NodeConfig config = config(TipDetectionConfig.longPoll().withFallbackPollIntervalMillis(0));
        try (NodeTemplateSource source = new NodeTemplateSource(config, Clock.systemUTC(), NodeRpcListener.NONE)) {
            measure("longpoll", source, hash -> { });
            assertTrue(source.stats().longPollReturns() >= ROUNDS, "tips came through long polls: " + source.stats());
        }
    }

    /**
     * bcoin has no ZMQ publisher, so this test plays Bitcoin Core's part: a JeroMQ PUB socket sends
     * Core's hashblock wire format (topic, 32-byte hash in display order, 4-byte little-endian
     * sequence) for the real blocks bcoin just mined. The subscriber, the reaction and the template
     * fetch from bcoin are the production code; only the publisher is the test's.
     */
    @Test
    void zmqHashBlockNoticesNewBlocks() throws Exception {
        int port = BcoinNode.freePort();
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket publisher = context.createSocket(SocketType.PUB);
            publisher.bind("tcp://127.0.0.1:" + port);
            NodeConfig config = config(TipDetectionConfig.zmq("tcp://127.0.0.1:" + port).withFallbackPollIntervalMillis(0));
            try (NodeTemplateSource source = new NodeTemplateSource(config, Clock.systemUTC(), NodeRpcListener.NONE)) {
                int[] sequence = {0};
                Consumer<String> publish = hash -> publishHashBlock(publisher, hash, sequence[0]++);
                RecordingListener listener = new RecordingListener();
                source.start(listener);
                listener.await(RecordingListener.Delivery::newTip, BOUND, "at start");
                // ZMQ's slow joiner: repeat the current tip until the subscriber has surely connected.
                long warmup = System.nanoTime();
                String best = node.getBestBlockHash();
                while (source.stats().zmqNotifications() == 0) {
                    assertTrue(System.nanoTime() - warmup < 30_000_000_000L, "the ZMQ subscriber never received a message");
                    publish.accept(best);
                    Thread.sleep(50);
                }
                System.out.printf("[zmq] subscriber receiving after %.0f ms%n", (System.nanoTime() - warmup) / 1e6);
                measureRounds("zmq hashblock", source, listener, publish);
                assertTrue(source.stats().zmqNotifications() >= ROUNDS, source.stats().toString());
            }
        }
    }

    @Test
    void refreshDeliversTheSameTipWithNewTipFalse() throws Exception {
        NodeConfig config = config(TipDetectionConfig.poll(100)).withRefreshIntervalMillis(300);
        try (NodeTemplateSource source = new NodeTemplateSource(config, Clock.systemUTC(), NodeRpcListener.NONE)) {
            RecordingListener listener = new RecordingListener();
            source.start(listener);
            RecordingListener.Delivery first = listener.await(d -> true, BOUND, "at start");
            RecordingListener.Delivery refresh = listener.await(d -> true, BOUND, "from the refresh timer");
            assertTrue(first.newTip());
            assertFalse(refresh.newTip());
            assertEquals(first.template().prevHash(), refresh.template().prevHash());
            assertTrue(refresh.thread().startsWith("node-template"), "delivered on the source's own thread");
        }
    }

    private void measure(String mode, NodeTemplateSource source, Consumer<String> afterMining) throws Exception {
        RecordingListener listener = new RecordingListener();
        source.start(listener);
        listener.await(RecordingListener.Delivery::newTip, BOUND, "at start");
        measureRounds(mode, source, listener, afterMining);
    }

    /** Mines ROUNDS blocks one by one; each must arrive as a new-tip template within BOUND. */
    private void measureRounds(String mode, NodeTemplateSource source, RecordingListener listener,
            Consumer<String> afterMining) throws Exception {
        List<Double> fromReturn = new ArrayList<>();
        List<Double> fromCall = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            Thread.sleep(150); // let a poll cycle pass, so rounds do not all start in phase
            long called = System.nanoTime();
            String hash = node.generateToAddress(1, address).get(0);
            long returned = System.nanoTime();
            afterMining.accept(hash);
            RecordingListener.Delivery d = listener.awaitNewTipOn(hash, BOUND);
            fromReturn.add((d.nanoTime() - returned) / 1e6);
            fromCall.add((d.nanoTime() - called) / 1e6);
        }
        System.out.printf("[tip latency] %-16s %d blocks: after generatetoaddress returned min %.1f / median %.1f / max"
                + " %.1f ms; after it was called (upper bound on accept → delivered) median %.1f / max %.1f ms%n",
                mode, ROUNDS, min(fromReturn), median(fromReturn), max(fromReturn), median(fromCall), max(fromCall));
        assertTrue(source.stats().newTips() >= ROUNDS + 1, source.stats().toString());
    }

    private static void publishHashBlock(ZMQ.Socket publisher, String hashHex, int sequence) {
        byte[] seq = {(byte) sequence, (byte) (sequence >>> 8), (byte) (sequence >>> 16), (byte) (sequence >>> 24)};
        publisher.sendMore("hashblock");
        publisher.sendMore(Hex.decode(hashHex)); // Core sends the hash in display order
        publisher.send(seq);
    }

    private NodeConfig config(TipDetectionConfig tip) {
        return NodeConfig.of(List.of(node.endpoint())).withTipDetection(tip);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double min(List<Double> values) {
        return Collections.min(values);
    }

    private static double max(List<Double> values) {
        return Collections.max(values);
    }
}
