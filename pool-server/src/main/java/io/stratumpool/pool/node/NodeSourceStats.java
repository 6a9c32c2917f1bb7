package io.stratumpool.pool.node;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a {@link NodeTemplateSource}, readable from any thread; a metrics binder exposes
 * them (RPC latency comes separately through {@link NodeRpcListener}).
 */
public final class NodeSourceStats {
    final AtomicLong templatesDelivered = new AtomicLong();
    final AtomicLong newTips = new AtomicLong();
    final AtomicLong templatesRejected = new AtomicLong();
    final AtomicLong rpcFailures = new AtomicLong();
    final AtomicLong nodeDownEvents = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong zmqNotifications = new AtomicLong();
    final AtomicLong longPollReturns = new AtomicLong();
    final AtomicLong listenerFailures = new AtomicLong();
    final AtomicLong unchangedSkipped = new AtomicLong();
    final AtomicLong tipDetectionFailures = new AtomicLong();
    private volatile Instant lastTemplateAt;

    void delivered(Instant at) {
        templatesDelivered.incrementAndGet();
        lastTemplateAt = at;
    }

    /** When the last template went to the listener (null before the first): for a job-age gauge. */
    public Instant lastTemplateAt() {
        return lastTemplateAt;
    }

    public long templatesDelivered() {
        return templatesDelivered.get();
    }

    public long newTips() {
        return newTips.get();
    }

    /** Templates refused by {@link TemplateParser} (never became jobs). */
    public long templatesRejected() {
        return templatesRejected.get();
    }

    /** Failed template, poll and long-poll calls (each counted once). */
    public long rpcFailures() {
        return rpcFailures.get();
    }

    /** Transitions of a node from up to down. */
    public long nodeDownEvents() {
        return nodeDownEvents.get();
    }

    /** Failed recovery probes of down nodes. */
    public long retries() {
        return retries.get();
    }

    public long zmqNotifications() {
        return zmqNotifications.get();
    }

    public long longPollReturns() {
        return longPollReturns.get();
    }

    public long listenerFailures() {
        return listenerFailures.get();
    }

    /** Templates fetched on a tip signal, a failover or a recovery that matched the last delivered one: no new work. */
    public long unchangedSkipped() {
        return unchangedSkipped.get();
    }

    /** Long polls or ZMQ subscriptions that erred or stayed silent (each answered by polling, never by node-down). */
    public long tipDetectionFailures() {
        return tipDetectionFailures.get();
    }

    @Override
    public String toString() {
        return "templates " + templatesDelivered + " (new tips " + newTips + ", rejected " + templatesRejected
                + "), rpc failures " + rpcFailures + ", node-down events " + nodeDownEvents + ", retries " + retries
                + ", zmq " + zmqNotifications + ", long polls " + longPollReturns + ", tip-detection failures "
                + tipDetectionFailures + ", unchanged templates skipped " + unchangedSkipped;
    }
}
