package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stratumpool.pool.node.LongPollFaultProxy.Fault;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.validator.Hash256;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * A node whose long polls misbehave while everything else works: a loopback proxy in front of
 * bcoin answers every long poll with bcoin 2.2.0's {@code -32603 "Assertion failed."}, or holds it
 * without answering. The pool must fall back to polling with one warning, keep mining (the chain
 * keeps growing), never mark the node down, and send no work beyond one clean job per new tip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LongPollFaultIT {
    private static final Duration RUN = Duration.ofSeconds(10);
    private static final double MIN_BLOCKS_PER_SECOND = 0.5;
    private final String address = RegtestPayouts.p2wpkh("long-poll-fault").address();
    private BcoinNode node;

    @BeforeAll
    void startNode() throws Exception {
        node = BcoinNode.startPastHeight16("longpoll-fault", address);
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @ParameterizedTest(name = "long polls {0}")
    @EnumSource(Fault.class)
    void miningGoesOnByPollingWithoutNodeDownOrExtraJobs(Fault fault) throws Exception {
        ListAppender<ILoggingEvent> degraded = capture("event.tip-detection-degraded");
        ListAppender<ILoggingEvent> nodeDown = capture("event.node-down");
        try (LongPollFaultProxy proxy = new LongPollFaultProxy(node.rpcUrl(), fault);
                NodePool p = NodePool.start(node, address, Map.of(
                        "node.endpoints[0].url", proxy.url(),
                        "node.tipDetection.mode", "longpoll",
                        "node.tipDetection.longPollTimeoutMillis", "3000",
                        "node.refreshIntervalMillis", "120000"))) {
            Fleet fleet = p.fleet(2, 20);
            NodePool.ChainGrowth growth = p.mineFor(fleet, RUN);
            NodeSourceStats stats = p.source().stats();
            double rate = growth.rate();
            System.out.printf("[long-poll fault] %s: %d blocks in %.1f s (%.2f/s), %d long polls intercepted, %s%n",
                    fault, growth.blocks(), growth.seconds(), rate, proxy.longPolls(), stats);

            assertTrue(proxy.longPolls() >= 1, "the pool did long-poll through the proxy");
            assertTrue(rate >= MIN_BLOCKS_PER_SECOND, () -> String.format("chain grew %.2f blocks/s", rate));
            assertEquals(0, stats.nodeDownEvents(), () -> "node marked down: " + stats);
            assertEquals(List.of(), nodeDown.list, "no event.node-down line");
            assertTrue(p.source().tipDetectionDegraded(), "polling instead of long polls: " + stats);
            assertEquals(1, degraded.list.stream().filter(e -> e.getLevel() == Level.WARN).count(),
                    () -> "one warning when tip detection fell back: " + degraded.list);
            assertEquals(stats.newTips(), stats.templatesDelivered(), () -> "every template delivered was a new tip: " + stats);
            for (SimMiner m : fleet.miners()) {
                assertNoExtraCleanJobs(m);
                assertEquals(1, m.connections(), () -> m.name() + " was disconnected");
            }
        } finally {
            release("event.tip-detection-degraded", degraded);
            release("event.node-down", nodeDown);
        }
    }

    /** Each clean job the miner got builds on a different block: one clean job per new tip, none for flaps. */
    private static void assertNoExtraCleanJobs(SimMiner miner) {
        List<Hash256> cleanOn = Notifies.of(miner).stream().filter(r -> r.job().cleanJobs())
                .map(r -> r.job().prevHash()).toList();
        Set<Hash256> distinct = cleanOn.stream().collect(Collectors.toSet());
        assertEquals(distinct.size(), cleanOn.size(), () -> miner.name() + " got clean jobs twice on a tip: " + cleanOn);
        assertTrue(cleanOn.size() >= 2, () -> miner.name() + " saw no new tips: " + cleanOn);
    }

    private static ListAppender<ILoggingEvent> capture(String loggerName) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
        return appender;
    }

    private static void release(String loggerName, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(loggerName)).detachAppender(appender);
    }
}
