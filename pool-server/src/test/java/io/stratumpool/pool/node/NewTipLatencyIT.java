package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * New-tip latency through the whole pool: another client (bcoin's generatetoaddress) mines a
 * block, and the clock stops when a simulated miner reads the first {@code mining.notify} with
 * clean_jobs=true on that block from its socket. Measured for each tip-detection method, with the
 * pool's default BIP23 proposal of each job before it goes out (and once without, for its cost).
 * Printed as a table for BENCHMARKS.md; asserted only against a generous bound, never a tight one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NewTipLatencyIT {
    private static final int ROUNDS = 10;
    private static final Duration BOUND = Duration.ofSeconds(5);
    private final String address = RegtestPayouts.p2wpkh("latency").address();
    private final List<String> table = new ArrayList<>();
    private BcoinNode node;

    @BeforeAll
    void startNode() throws Exception {
        node = BcoinNode.startPastHeight16("latency", address);
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
        System.out.println("[tip→notify] " + ROUNDS + " blocks each; ms from generatetoaddress returning (from calling it)\n"
                + "| tip detection | BIP23 proposal | median | max | median from call | max from call |\n"
                + "|---|---|---|---|---|---|\n" + String.join("\n", table));
    }

    @Test
    void pollingEvery100MillisBringsEachNewTipToEveryMinerWithinFiveSeconds() throws Exception {
        measure("poll (100 ms)", true, Map.of("node.tipDetection.mode", "poll"), p -> { }, hash -> { });
    }

    @Test
    void longPollBringsEachNewTipToEveryMinerWithinFiveSeconds() throws Exception {
        measure("longpoll", true, Map.of("node.tipDetection.mode", "longpoll",
                "node.tipDetection.fallbackPollIntervalMillis", "0"), p -> { }, hash -> { });
    }

    @Test
    void zmqHashBlockBringsEachNewTipToEveryMinerWithinFiveSeconds() throws Exception {
        zmq(true);
    }

    @Test
    void zmqHashBlockWithoutProposalsBringsEachNewTipToEveryMinerWithinFiveSeconds() throws Exception {
        zmq(false);
    }

    /**
     * bcoin has no ZMQ publisher, so the test plays Bitcoin Core's part, as the template source's
     * own ZMQ test does: a PUB socket sends Core's hashblock frames (topic, hash in display order,
     * 4-byte little-endian sequence) for each real block the moment generatetoaddress returns.
     */
    private void zmq(boolean proposals) throws Exception {
        int port = BcoinNode.freePort();
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket publisher = context.createSocket(SocketType.PUB);
            publisher.bind("tcp://127.0.0.1:" + port);
            int[] sequence = {0};
            Consumer<String> publish = hash -> publishHashBlock(publisher, hash, sequence[0]++);
            measure("zmq hashblock", proposals, Map.of("node.tipDetection.mode", "zmq",
                    "node.tipDetection.zmqEndpoint", "tcp://127.0.0.1:" + port,
                    "node.tipDetection.fallbackPollIntervalMillis", "0"), p -> awaitSubscriber(p, publish), publish);
        }
    }

    /** ZMQ's slow joiner: repeat the current tip (no new work) until the pool's subscriber hears it. */
    private void awaitSubscriber(NodePool p, Consumer<String> publish) {
        String tip = node.getBestBlockHash();
        try {
            Waits.until(() -> "the pool's ZMQ subscriber to connect", BOUND, () -> {
                publish.accept(tip);
                return p.source().stats().zmqNotifications() > 0;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void measure(String mode, boolean proposals, Map<String, String> tipDetection, Consumer<NodePool> ready,
            Consumer<String> afterMining) throws Exception {
        Map<String, String> overrides = new HashMap<>(tipDetection);
        overrides.put("node.proposals", String.valueOf(proposals));
        try (NodePool p = NodePool.start(node, address, overrides)) {
            List<SimMiner> miners = p.idleMiners(2);
            miners.forEach(m -> assertTrue(m.awaitMining(BOUND), m::toString));
            ready.accept(p);
            List<Double> fromReturn = new ArrayList<>();
            List<Double> fromCall = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                Thread.sleep(150 + 17 * i); // rounds out of phase with the poll timer
                Instant called = Instant.now();
                String hash = node.generateToAddress(1, address).get(0);
                Instant returned = Instant.now();
                afterMining.accept(hash);
                Instant notified = firstCleanNotify(miners, Hash256.fromHexReversed(hash));
                fromReturn.add(millis(returned, notified));
                fromCall.add(millis(called, notified));
            }
            table.add(String.format("| %s | %s | %.1f | %.1f | %.1f | %.1f |", mode, proposals ? "on" : "off",
                    median(fromReturn), Collections.max(fromReturn), median(fromCall), Collections.max(fromCall)));
            System.out.println("[tip→notify] " + table.get(table.size() - 1) + " samples " + fromReturn);
        }
    }

    /** When the first of the miners read a clean notify on the block; each must get it within the bound. */
    private static Instant firstCleanNotify(List<SimMiner> miners, Hash256 block) {
        Instant first = null;
        for (SimMiner m : miners) {
            assertTrue(m.await(x -> Notifies.firstCleanOn(x, block).isPresent(), BOUND),
                    () -> m.name() + ": no clean notify on " + block.toHexReversed() + " within " + BOUND);
            Instant at = Notifies.firstCleanOn(m, block).orElseThrow().at();
            first = first == null || at.isBefore(first) ? at : first;
        }
        return first;
    }

    private static void publishHashBlock(ZMQ.Socket publisher, String hashHex, int sequence) {
        byte[] seq = {(byte) sequence, (byte) (sequence >>> 8), (byte) (sequence >>> 16), (byte) (sequence >>> 24)};
        publisher.sendMore("hashblock");
        publisher.sendMore(Hex.decode(hashHex)); // Core sends the hash in display order
        publisher.send(seq);
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return (sorted.get((sorted.size() - 1) / 2) + sorted.get(sorted.size() / 2)) / 2;
    }
}
