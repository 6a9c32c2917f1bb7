package io.stratumpool.bench.load;

import io.netty.channel.ChannelFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The open connections of one phase, and the harness's view of what they saw. */
final class Fleet implements AutoCloseable {
    /** One fan-out as the generator saw it: when the first and the last connection read the clean notify. */
    record Fanout(int received, long firstNanos, long lastNanos) {
        double spreadMillis() {
            return (lastNanos - firstNanos) / 1e6;
        }
    }

    private final List<? extends LoadPeer> connections;
    private final FleetState state;

    Fleet(List<? extends LoadPeer> connections, FleetState state) {
        this.connections = connections;
        this.state = state;
    }

    List<? extends LoadPeer> connections() {
        return connections;
    }

    FleetState state() {
        return state;
    }

    int size() {
        return connections.size();
    }

    int mining() {
        return state.mining.get();
    }

    void awaitSettled(long deadlineNanos) throws InterruptedException {
        while (state.mining.get() + state.failed.get() < connections.size()) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("fleet not settled in time: " + state.mining.get() + " mining, "
                        + state.failed.get() + " failed of " + connections.size() + " (first failure: " + state.firstFailure + ")");
            }
            Thread.sleep(5);
        }
    }

    /** Forgets the previous round; call before making the pool send a clean job. */
    void armFanout() {
        java.util.Arrays.fill(state.cleanNotifyAt, 0);
        state.arrivals.set(0);
        state.refreshArrivals.set(0);
    }

    /** Waits until every mining connection read the clean notify; null on timeout. */
    Fanout awaitFanout(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int expected = state.mining.get() - state.dropped.get();
        while (state.arrivals.get() < expected) {
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(1);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long t : state.cleanNotifyAt) {
            if (t != 0) {
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
        }
        return new Fanout(state.arrivals.get(), first, last);
    }

    void startSubmitting(int window) {
        state.startSubmitting(window);
        for (LoadPeer c : connections) {
            if (c.channel() != null && c.channel().isActive()) {
                c.channel().eventLoop().execute(c::startSubmitting);
            }
        }
    }

    /** Every mining connection sends one share; waits (bounded) until all are answered. */
    void submitOnceEach(long timeoutMillis) throws InterruptedException {
        long answered = state.accepted.sum() + state.rejected.sum();
        for (LoadPeer c : connections) {
            if (c.channel() != null && c.channel().isActive()) {
                c.channel().eventLoop().execute(c::submitOne);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (state.accepted.sum() + state.rejected.sum() < answered + mining() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Waits until every mining connection read the non-clean job of a template refresh; false on timeout. */
    boolean awaitRefresh(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (state.refreshArrivals.get() < state.mining.get() - state.dropped.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    void stopSubmitting() {
        state.stopSubmitting();
    }

    @Override
    public void close() throws InterruptedException {
        state.closing = true;
        List<ChannelFuture> closing = new ArrayList<>(connections.size());
        for (LoadPeer c : connections) {
            if (c.channel() != null) {
                closing.add(c.channel().close());
            }
        }
        for (ChannelFuture f : closing) {
            f.await(10, TimeUnit.SECONDS);
        }
    }
}
