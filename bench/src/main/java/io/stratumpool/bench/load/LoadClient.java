package io.stratumpool.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's Netty client: one event-loop group for every fleet of a run. Connections
 * are spread over source addresses 127.0.0.1, 127.0.0.2, … ({@code perSource} each) so a fleet
 * stays under the pool's per-IP limit and the loopback's ephemeral ports, and at most
 * {@code maxPending} handshakes are under way at once so the pool's accept backlog never overflows.
 */
final class LoadClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final int perSource;
    private final int maxPending;

    LoadClient(int ioThreads, int perSource, int maxPending) {
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("load-io", true), io);
        this.bootstrap = new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        this.perSource = perSource;
        this.maxPending = maxPending;
    }

    /** Opens {@code size} connections and waits until each is mining or failed (or the timeout). */
    Fleet open(InetSocketAddress pool, int size, String password, int timeoutSeconds) throws InterruptedException {
        FleetState state = new FleetState(size, password);
        List<LoadConnection> connections = new ArrayList<>(size);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int i = 0; i < size; i++) {
            while (i - state.mining.get() - state.failed.get() >= maxPending) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("opening the fleet took over " + timeoutSeconds + " s");
                }
                Thread.sleep(1);
            }
            LoadConnection c = new LoadConnection(i, state);
            connections.add(c);
            InetSocketAddress source = new InetSocketAddress("127.0.0." + (1 + i / perSource), 0);
            bootstrap.handler(initializer(c)).connect(pool, source).addListener(f -> {
                if (!f.isSuccess()) {
                    state.fail("connect: " + f.cause());
                }
            });
        }
        Fleet fleet = new Fleet(connections, state);
        fleet.awaitSettled(deadline);
        return fleet;
    }

    private static ChannelInitializer<Channel> initializer(LoadConnection connection) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024, true, true), connection);
            }
        };
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
