package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stratumpool.pool.node.config.NodeEndpointConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A failing long poll or ZMQ feed: one warning, a growing retry delay, forgotten only after a quiet spell. */
class TipMethodHealthTest {
    private static final long SECOND = 1_000_000_000L;
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final NodeHandle node = new NodeHandle(new NodeRpcClient(
            NodeEndpointConfig.withPassword("n1", "http://127.0.0.1:1/", "u", "p"), Duration.ofSeconds(1),
            Runnable::run, NodeRpcListener.NONE), 0);

    TipMethodHealthTest() {
        events.start();
        ((Logger) LoggerFactory.getLogger("event.tip-detection-degraded")).addAppender(events);
    }

    @AfterEach
    void detach() {
        ((Logger) LoggerFactory.getLogger("event.tip-detection-degraded")).detachAppender(events);
    }

    @Test
    void repeatedFailuresWarnOnceAndBackOffFurtherEachTime() {
        TipMethodHealth health = new TipMethodHealth("long poll");
        assertFalse(health.degraded());
        long first = health.failed(node, "RPC error -32603: Assertion failed.", 100, 10 * SECOND);
        long second = health.failed(node, "RPC error -32603: Assertion failed.", 100, 11 * SECOND);
        long third = health.failed(node, "RPC error -32603: Assertion failed.", 100, 13 * SECOND);
        assertTrue(health.degraded());
        assertEquals(1_000, first);
        assertEquals(2_000, second);
        assertEquals(4_000, third);
        assertEquals(1, events.list.size(), () -> "one warning, not one per failure: " + events.list);
        assertEquals(Level.WARN, events.list.get(0).getLevel());
        assertTrue(events.list.get(0).getFormattedMessage().contains("Assertion failed."));
        assertEquals(1, health.degradations());
    }

    @Test
    void aMethodThatWorksAgainIsTrustedButItsBackoffIsKeptUntilAQuietSpell() {
        TipMethodHealth health = new TipMethodHealth("ZMQ hashblock");
        health.failed(node, "silent", 100, SECOND);
        health.failed(node, "silent", 100, 2 * SECOND);
        health.succeeded(node);
        assertFalse(health.degraded());
        assertEquals(4_000, health.failed(node, "silent", 100, 3 * SECOND), "no flapping: the backoff resumes");
        health.succeeded(node);
        assertEquals(1_000, health.failed(node, "silent", 100, 1_000 * SECOND), "after a quiet spell it starts afresh");
        assertEquals(3, health.degradations());
    }
}
