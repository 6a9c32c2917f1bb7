package io.stratumpool.bench.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.stratumpool.pool.server.StratumTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fan-out floor: a server that does nothing but what a pool's broadcast must do, to measure
 * against the same generator on the same machine. It answers any first read with canned handshake
 * lines and, on {@code block}, writes one prebuilt {@code mining.notify} of the pool's size to every
 * connection, one task per event loop (the pool's own scheme) with no other handler, on the pool's
 * transports ({@code auto}, {@code io_uring}, {@code epoll}, {@code nio}: {@link StratumTransport}).
 * Same control protocol as {@link BenchPool}: {@code block}, {@code fanout}, {@code quit} on stdin.
 *
 * <pre>RawNotifyServer --port N --notify-bytes N [--transport NAME]</pre>
 */
public final class RawNotifyServer {
    private static final String HANDSHAKE = "{\"id\":1,\"result\":[[[\"mining.set_difficulty\",\"00000001\"],"
            + "[\"mining.notify\",\"00000001\"]],\"00000001\",8],\"error\":null}\n"
            + "{\"id\":2,\"result\":true,\"error\":null}\n"
            + "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.001]}\n";

    private final Map<EventLoop, List<Channel>> byLoop = new ConcurrentHashMap<>();
    private final AtomicLong fanoutNanos = new AtomicLong();
    private final AtomicLong fanouts = new AtomicLong();
    private final int notifyBytes;
    private volatile ByteBuf current;
    private int job;

    private RawNotifyServer(int notifyBytes) {
        this.notifyBytes = notifyBytes;
        this.current = notify(++job);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        RawNotifyServer server = new RawNotifyServer(Integer.parseInt(args[3]));
        StratumTransport transport = StratumTransport.choose(args.length > 5 ? args[5] : "auto");
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, transport.newHandlerFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                transport.newHandlerFactory());
        new ServerBootstrap().group(boss, workers).channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(server.new Connection());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync();
        System.out.println("BENCH port=" + port + " transport=" + transport.configName() + " server=raw notifyBytes=" + server.current.readableBytes());
        server.serve();
        System.exit(0);
    }

    private void serve() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.trim().equals("quit"); line = in.readLine()) {
            switch (line.trim()) {
                case "block" -> {
                    broadcast();
                    System.out.println("BENCH job=" + job);
                }
                case "fanout" -> System.out.println("BENCH count=" + fanouts.get() + " totalNanos=" + fanoutNanos.get());
                default -> System.out.println("BENCH error=unknown-command");
            }
        }
    }

    /** The pool's scheme: one task per event loop, each writing a retained duplicate to its channels. */
    private void broadcast() {
        ByteBuf line = notify(++job);
        ByteBuf old = current;
        current = line;
        old.release();
        long start = System.nanoTime();
        AtomicInteger remaining = new AtomicInteger(byLoop.size());
        byLoop.forEach((loop, channels) -> {
            ByteBuf mine = line.retainedDuplicate();
            loop.execute(() -> {
                for (Channel ch : channels) {
                    ch.writeAndFlush(mine.retainedDuplicate(), ch.voidPromise());
                }
                mine.release();
                if (remaining.decrementAndGet() == 0) {
                    fanoutNanos.addAndGet(System.nanoTime() - start);
                    fanouts.incrementAndGet();
                }
            });
        });
    }

    /** A clean notify padded (in coinb2) to the pool's notify size, with a 12-level branch. */
    private ByteBuf notify(int jobId) {
        StringBuilder branch = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            branch.append(i == 0 ? "\"" : ",\"").append("ab".repeat(32)).append('"');
        }
        String head = "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"" + Integer.toHexString(jobId) + "\",\""
                + "00".repeat(32) + "\",\"" + "01".repeat(60) + "\",\"";
        String tail = "\",[" + branch + "],\"20000000\",\"170237a0\",\"68e3a3a0\",true]}\n";
        int pad = Math.max(2, (notifyBytes - head.length() - tail.length()) & ~1);
        byte[] bytes = (head + "02".repeat(pad / 2) + tail).getBytes(StandardCharsets.US_ASCII);
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** One connection: the canned handshake and the current job on its first read, then silence. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private boolean greeted;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (greeted) {
                return;
            }
            greeted = true;
            ctx.write(Unpooled.copiedBuffer(HANDSHAKE, StandardCharsets.US_ASCII));
            ctx.writeAndFlush(current.retainedDuplicate());
            byLoop.computeIfAbsent(ctx.channel().eventLoop(), l -> new ArrayList<>()).add(ctx.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            List<Channel> mine = byLoop.get(ctx.channel().eventLoop());
            if (mine != null) {
                mine.remove(ctx.channel());
            }
        }
    }
}
