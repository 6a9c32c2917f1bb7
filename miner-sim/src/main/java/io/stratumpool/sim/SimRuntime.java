package io.stratumpool.sim;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a fleet shares: Netty NIO event loops for the connections, a fixed pool that does
 * all the hashing (never on I/O threads), and one timer for rate-limit waits. Close it last.
 */
public final class SimRuntime implements AutoCloseable {
    private final EventLoopGroup ioGroup;
    private final ExecutorService hashers;
    private final ScheduledExecutorService timer;
    private final int hashThreads;

    /**
     * @param ioThreads   event-loop threads (1 carries thousands of idle-ish miner connections)
     * @param hashThreads hashing threads; the machine's cores is the useful maximum
     */
    public SimRuntime(int ioThreads, int hashThreads) {
        if (ioThreads < 1 || hashThreads < 1) {
            throw new IllegalArgumentException("threads: io " + ioThreads + ", hash " + hashThreads + " (expected: >= 1 each)");
        }
        this.hashThreads = hashThreads;
        this.ioGroup = new MultiThreadIoEventLoopGroup(ioThreads, daemonThreads("sim-io"), NioIoHandler.newFactory());
        // A FIFO queue: each miner re-enqueues after a batch, so miners share hash threads round-robin.
        this.hashers = new ThreadPoolExecutor(hashThreads, hashThreads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("sim-hash"));
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemonThreads("sim-timer"));
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /** One I/O thread and a hashing thread per core. */
    public static SimRuntime create() {
        return new SimRuntime(1, Runtime.getRuntime().availableProcessors());
    }

    /** The connections' event loops (public for the V2 miner in {@code io.stratumpool.sim.v2}). */
    public EventLoopGroup ioGroup() {
        return ioGroup;
    }

    /** The shared hashing threads: run batches here, never on an event loop. */
    public ExecutorService hashers() {
        return hashers;
    }

    /** The one timer for waits (rate limits, redials, timeouts). */
    public ScheduledExecutorService timer() {
        return timer;
    }

    public int hashThreads() {
        return hashThreads;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        hashers.shutdownNow();
        ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
