package io.stratumpool.pool.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.function.Supplier;

/**
 * The Netty transports a Stratum listener can run on, in the order {@code auto} (the default) tries
 * them: io_uring, then epoll, then NIO. io_uring comes first because, with each loop's sessions walked
 * in connection order, it fanned a notify out to 19,000 connections in less time and with a quarter
 * less event-loop CPU than epoll, and answered 13-39 % more durable submits at saturation (BENCHMARKS.md,
 * "Fan-out at the floor"); where the kernel or a container's seccomp profile refuses io_uring, epoll
 * runs. A transport named in the config that this machine lacks aborts the start with Netty's reason
 * rather than falling back silently.
 */
public enum StratumTransport {
    IO_URING("io_uring", IoUring::isAvailable, IoUring::unavailabilityCause,
            IoUringIoHandler::newFactory, IoUringServerSocketChannel.class),
    EPOLL("epoll", Epoll::isAvailable, Epoll::unavailabilityCause, EpollIoHandler::newFactory, EpollServerSocketChannel.class),
    NIO("nio", () -> true, () -> null, NioIoHandler::newFactory, NioServerSocketChannel.class);

    private final String configName;
    private final Supplier<Boolean> available;
    private final Supplier<Throwable> unavailabilityCause;
    private final Supplier<IoHandlerFactory> handlers;
    private final Class<? extends ServerChannel> serverChannel;

    StratumTransport(String configName, Supplier<Boolean> available, Supplier<Throwable> unavailabilityCause,
            Supplier<IoHandlerFactory> handlers, Class<? extends ServerChannel> serverChannel) {
        this.configName = configName;
        this.available = available;
        this.unavailabilityCause = unavailabilityCause;
        this.handlers = handlers;
        this.serverChannel = serverChannel;
    }

    /**
     * The transport for {@code stratum.transport}: {@code auto} or a name from
     * {@code StratumConfig.TRANSPORTS}; a named transport that is not available here throws.
     */
    public static StratumTransport choose(String name) {
        if ("auto".equals(name)) {
            for (StratumTransport t : values()) {
                if (t.isAvailable()) {
                    return t;
                }
            }
        }
        for (StratumTransport t : values()) {
            if (t.configName.equals(name)) {
                if (!t.isAvailable()) {
                    throw new IllegalStateException("stratum.transport: " + name + " is not available on this machine ("
                            + t.unavailabilityCause.get() + ")");
                }
                return t;
            }
        }
        throw new IllegalArgumentException("stratum.transport: " + name + " (expected: auto, io_uring, epoll, nio)");
    }

    public boolean isAvailable() {
        try {
            return available.get();
        } catch (LinkageError e) { // native library for another platform
            return false;
        }
    }

    /** The name in the config, the startup log and the {@code stratum_transport} metric. */
    public String configName() {
        return configName;
    }

    public IoHandlerFactory newHandlerFactory() {
        return handlers.get();
    }

    public Class<? extends ServerChannel> serverChannelClass() {
        return serverChannel;
    }
}
