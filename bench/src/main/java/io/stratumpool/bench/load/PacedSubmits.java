package io.stratumpool.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop generator: {@code rate} submits per second in total, spread round-robin over every
 * mining connection of the given fleets, sent on each connection's event loop whatever the pool's
 * replies do (a slow pool does not slow the offered load, so its queueing shows in the latency).
 */
final class PacedSubmits implements AutoCloseable {
    private final List<LoadPeer> connections = new ArrayList<>();
    private final double rate;
    private final Thread thread;
    private volatile boolean stop;
    private volatile long sent;

    PacedSubmits(List<Fleet> fleets, double rate) {
        for (Fleet f : fleets) {
            for (LoadPeer c : f.connections()) {
                if (c.channel() != null && c.channel().isActive()) {
                    connections.add(c);
                }
            }
        }
        this.rate = rate;
        this.thread = new Thread(this::run, "paced-submits");
        thread.setDaemon(true);
    }

    PacedSubmits start() {
        thread.start();
        return this;
    }

    long sent() {
        return sent;
    }

    private void run() {
        long started = System.nanoTime();
        long n = 0;
        int next = 0;
        while (!stop && !connections.isEmpty()) {
            long due = (long) ((System.nanoTime() - started) / 1e9 * rate);
            for (; n < due; n++) {
                LoadPeer c = connections.get(next);
                next = (next + 1) % connections.size();
                c.channel().eventLoop().execute(c::submitOne);
            }
            sent = n;
            LockSupport.parkNanos(500_000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(5_000);
    }
}
