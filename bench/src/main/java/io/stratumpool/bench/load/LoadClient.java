package io.stratumpool.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
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
import io.stratumpool.sv2.noise.AuthorityKey;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The load generator's Netty client: one event-loop group for every fleet of a run. Connections
 * are spread over source addresses 127.0.0.1, 127.0.0.2, … ({@code perSource} each) so a fleet
 * stays under the pool's per-IP limit and the loopback's ephemeral ports, and at most
 * {@code maxPending} handshakes are under way at once so the pool's accept backlog never overflows.
 * Fleets speak Stratum V1 ({@link LoadConnection}) or V2 ({@link V2LoadConnection}); {@link WireBytes}
 * counts each fleet's bytes at the socket.
 */
final class LoadClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final int perSource;
    private final int maxPending;
    private int opened;

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

    /** Opens {@code size} Stratum V1 connections and waits until each is mining or failed (or the timeout). */
    Fleet open(InetSocketAddress pool, int size, String password, int timeoutSeconds) throws InterruptedException {
        FleetState state = new FleetState(size, password);
        return open(pool, state, i -> new LoadConnection(i, state),
                c -> new LineBasedFrameDecoder(64 * 1024, true, true), timeoutSeconds);
    }

    /**
     * Opens {@code size} Stratum V2 connections, one channel each (standard or extended), checking
     * the pool's certificate against {@code authorityKey} (base58check), as {@link #open} does for V1.
     */
    Fleet openV2(InetSocketAddress pool, int size, boolean extended, String authorityKey, int timeoutSeconds)
            throws InterruptedException {
        FleetState state = new FleetState(size, "");
        byte[] authority = AuthorityKey.decode(authorityKey);
        return open(pool, state, i -> new V2LoadConnection(i, state, extended, authority), null, timeoutSeconds);
    }

    private <P extends ChannelHandler & LoadPeer> Fleet open(InetSocketAddress pool, FleetState state, IntFunction<P> peers,
            Function<P, ChannelHandler> framer, int timeoutSeconds) throws InterruptedException {
        int size = state.cleanNotifyAt.length;
        List<P> connections = new ArrayList<>(size);
        WireBytes counter = new WireBytes(state);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int i = 0; i < size; i++) {
            while (i - state.mining.get() - state.failed.get() >= maxPending) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("opening the fleet took over " + timeoutSeconds + " s");
                }
                Thread.sleep(1);
            }
            P c = peers.apply(i);
            connections.add(c);
            // Every fleet of the run continues the numbering, so fleets held at once share no per-IP budget.
            InetSocketAddress source = new InetSocketAddress("127.0.0." + (1 + (opened++ / perSource) % 250), 0);
            bootstrap.handler(initializer(counter, framer == null ? null : framer.apply(c), c)).connect(pool, source)
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            state.fail("connect: " + f.cause());
                        }
                    });
        }
        Fleet fleet = new Fleet(connections, state);
        fleet.awaitSettled(deadline);
        return fleet;
    }

    private static ChannelInitializer<Channel> initializer(WireBytes counter, ChannelHandler framer, ChannelHandler connection) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(counter);
                if (framer != null) {
                    ch.pipeline().addLast(framer);
                }
                ch.pipeline().addLast(connection);
            }
        };
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
