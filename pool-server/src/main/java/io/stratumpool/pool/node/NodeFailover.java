package io.stratumpool.pool.node;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node serves templates: the first healthy one in priority order. A failing node is marked
 * down (logged once), then probed with {@code getblocktemplate} under exponential backoff until it
 * serves one (logged once); when a higher-priority node recovers, work moves back to it. A node that
 * fails again soon after it recovered resumes its backoff where it stopped instead of starting over
 * (hysteresis), so a node that fails now and then cannot flap up and down faster and faster. The probe
 * asks for a template, not just the tip, because a node in initial sync answers getbestblockhash
 * but refuses templates: probing the tip would flap it up and down.
 * Runs on the source's single scheduler thread.
 */
final class NodeFailover {
    private static final Logger log = LoggerFactory.getLogger(NodeFailover.class);
    private static final Logger nodeDownEvent = LoggerFactory.getLogger("event.node-down");
    private static final Logger nodeUpEvent = LoggerFactory.getLogger("event.node-up");

    private final List<NodeHandle> nodes;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Clock clock;
    private final NodeSourceStats stats;
    private final Consumer<NodeHandle> onRecovered;
    private volatile boolean closed;

    NodeFailover(List<NodeHandle> nodes, ScheduledExecutorService scheduler, Backoff backoff, Clock clock,
            NodeSourceStats stats, Consumer<NodeHandle> onRecovered) {
        this.nodes = List.copyOf(nodes);
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.clock = clock;
        this.stats = stats;
        this.onRecovered = onRecovered;
    }

    List<NodeHandle> nodes() {
        return nodes;
    }

    /** The node to use now, or null when all are down. Safe from any thread. */
    NodeHandle active() {
        for (NodeHandle node : nodes) {
            if (node.isUp()) {
                return node;
            }
        }
        return null;
    }

    void failed(NodeHandle node, NodeRpcException error) {
        if (!node.isUp()) {
            return; // already down: its probe loop is running
        }
        int level = node.upSinceNanos() != 0 && System.nanoTime() - node.upSinceNanos() < 2_000_000L * backoff.maxMillis()
                ? node.flapLevel() + 1 : 0;
        node.markDown(clock.instant(), error.getMessage());
        node.flapLevel(level);
        stats.nodeDownEvents.incrementAndGet();
        NodeHandle next = active();
        nodeDownEvent.warn("node {} down: {}; {}; retrying with backoff up to {} ms", node, error.getMessage(),
                next == null ? "no node left, miners keep the last job" : "templates now from node " + next,
                backoff.maxMillis());
        scheduleProbe(node, level);
    }

    /** A call to the node worked: if it was down, it is back. */
    void succeeded(NodeHandle node) {
        if (!node.isUp()) {
            markUp(node);
        }
    }

    void close() {
        closed = true;
    }

    private void scheduleProbe(NodeHandle node, int attempt) {
        if (!closed) {
            scheduler.schedule(() -> probe(node, attempt), backoff.delayMillis(attempt), TimeUnit.MILLISECONDS);
        }
    }

    private void probe(NodeHandle node, int attempt) {
        if (closed || node.isUp()) {
            return;
        }
        node.client().getBlockTemplate().whenCompleteAsync((template, error) -> {
            if (closed || node.isUp()) {
                return;
            }
            if (error == null) {
                markUp(node);
                return;
            }
            NodeRpcException e = NodeRpcException.unwrap(error, node.name(), "getblocktemplate");
            node.retryFailed(e.getMessage());
            stats.retries.incrementAndGet();
            log.debug("node {} still down (retry {}): {}", node, attempt + 1, e.getMessage());
            scheduleProbe(node, attempt + 1);
        }, scheduler);
    }

    private void markUp(NodeHandle node) {
        Duration down = Duration.between(node.downSince(), clock.instant());
        node.markUp();
        node.upSinceNanos(System.nanoTime());
        boolean serving = active() == node;
        nodeUpEvent.info("node {} up again after {} ms down and {} failed retries{}", node, down.toMillis(),
                node.failedRetries(), serving ? "; templates now from it" : "");
        onRecovered.accept(node);
    }
}
