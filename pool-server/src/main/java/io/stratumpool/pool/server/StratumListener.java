package io.stratumpool.pool.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;

/** Netty's event loops and bound Stratum ports, on the configured {@link StratumTransport}. */
final class StratumListener implements AutoCloseable {
    private final StratumTransport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    /** Every listening socket bound here, closed before the event loops stop. */
    private final java.util.List<Channel> serverChannels = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Class<? extends ServerChannel> channelClass;

    StratumListener(StratumTransport transport, int workerThreads) {
        this.transport = transport;
        this.channelClass = transport.serverChannelClass();
        this.boss = new MultiThreadIoEventLoopGroup(1, transport.newHandlerFactory());
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads, transport.newHandlerFactory());
    }

    StratumTransport transport() {
        return transport;
    }

    EventLoopGroup workers() {
        return workers;
    }

    /** Binds one Stratum port; a failure names {@code key}, the config path of that port. */
    Channel bind(String key, String host, int port, io.netty.channel.ChannelInitializer<io.netty.channel.socket.SocketChannel> initializer) throws InterruptedException {
        try {
            Channel bound = bootstrap(initializer).bind(new InetSocketAddress(host, port)).sync().channel();
            serverChannels.add(bound);
            return bound;
        } catch (Exception e) { // sync() rethrows a failed bind's checked exception, undeclared
            if (!(e instanceof java.io.IOException)) {
                throw e;
            }
            throw ListenException.undeclared(key, host, port, e);
        }
    }

    private ServerBootstrap bootstrap(io.netty.channel.ChannelInitializer<io.netty.channel.socket.SocketChannel> initializer) {
        return new ServerBootstrap()
                .group(boss, workers)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(initializer);
    }

    /** Closes every listening socket bound here (V1 and V2): no new miner is accepted; connected ones stay. */
    void stopAccepting() {
        serverChannels.forEach(c -> c.close().syncUninterruptibly());
    }

    /**
     * Closes the listening sockets first, then the event loops. On io_uring a listening socket left
     * to the loops' shutdown stays open (an accept still pending on it in the ring holds it) after the
     * loops ended, accepting connections nobody serves.
     */
    @Override
    public void close() {
        stopAccepting();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
