package io.stratumpool.pool.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The HTTP JSON API: one small Netty server, database reads on its own executor. */
public final class ApiServer implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final EventLoopGroup group;
    private final ExecutorService executor;
    private final Channel channel;

    private ApiServer(EventLoopGroup group, ExecutorService executor, Channel channel) {
        this.group = group;
        this.executor = executor;
        this.channel = channel;
    }

    /** Binds {@code config.host():config.port()} and serves until closed. */
    public static ApiServer start(ApiConfig config, ApiSources sources) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        // Bounded: a flood of slow queries is answered 503 instead of queueing without end.
        ExecutorService executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256),
                r -> new Thread(r, "api-db"));
        ApiHandler handler = new ApiHandler(new ApiRouter(sources), executor);
        try {
            Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(initializer(handler))
                    .bind(config.host(), config.port()).sync().channel();
            return new ApiServer(group, executor, ch);
        } catch (Exception e) { // sync() rethrows a failed bind as the checked BindException, undeclared
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            executor.shutdownNow();
            throw e;
        }
    }

    private static ChannelInitializer<SocketChannel> initializer(ApiHandler handler) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("idle", new ReadTimeoutHandler(60))
                        .addLast("codec", new HttpServerCodec())
                        .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast("api", handler);
            }
        };
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        executor.shutdownNow();
    }
}
