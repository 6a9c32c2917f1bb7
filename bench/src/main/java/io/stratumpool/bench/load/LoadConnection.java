package io.stratumpool.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One simulated miner of the load generator: raw Stratum lines, no hashing. It subscribes and
 * authorizes at once; once mining it either sits idle (connections and fan-out) or, when the fleet
 * submits, keeps {@code window} {@code mining.submit} requests in flight, sending one more for every
 * reply and flushing once per read batch. Shares differ by nonce (and extranonce2 after 2^32 of
 * them), so the pool hashes each one and none is a duplicate. All methods run on its event loop.
 */
final class LoadConnection extends ChannelInboundHandlerAdapter implements LoadPeer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SUBSCRIBE_ID = 1;
    private static final long AUTHORIZE_ID = 2;
    private static final int SENT_RING = 4096;

    private final int index;
    private final FleetState fleet;
    private ChannelHandlerContext ctx;
    private boolean subscribed;
    private boolean authorized;
    /** Queue times of the submits in flight, oldest at {@code submitHead} (a ring; this event loop only). */
    private long[] submitNanos = new long[64];
    private int submitHead;
    private int submitCount;
    private boolean mining;
    private boolean failed;
    private SubmitWriter submits;
    private int inFlight;
    private ByteBuf pending;
    /** When each submit in flight was written, by request id (ids are sequential; far fewer than this are in flight). */
    private final long[] sentAt = new long[SENT_RING];

    LoadConnection(int index, FleetState fleet) {
        this.index = index;
        this.fleet = fleet;
    }

    @Override
    public Channel channel() {
        return ctx == null ? null : ctx.channel();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        String login = "bench.w" + index;
        String handshake = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"stratumpool-load/1.0\"]}\n"
                + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + login + "\",\"" + fleet.password + "\"]}\n";
        context.writeAndFlush(context.alloc().buffer().writeBytes(handshake.getBytes(StandardCharsets.US_ASCII)));
        this.submits = new SubmitWriter(login);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        ByteBuf line = (ByteBuf) msg;
        try {
            if (PoolLines.isNotify(line)) {
                onNotify(line);
            } else if (!PoolLines.isNotification(line)) {
                onReply(line);
            }
        } finally {
            ReferenceCountUtil.release(line);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        flushSubmits();
    }

    private void onNotify(ByteBuf line) {
        long now = System.nanoTime();
        if (!mining) {
            mining = true;
            readJob(line);
            fleet.mining.incrementAndGet();
            return;
        }
        if (PoolLines.isClean(line)) {
            fleet.onCleanNotify(index, now);
        } else {
            fleet.onRefreshJob();
        }
        if (fleet.submitting() || fleet.trackJobs) {
            readJob(line); // rare while shares are measured: the benchmark's pool does not change jobs then
        }
    }

    private void onReply(ByteBuf line) {
        long id = PoolLines.replyId(line);
        if (id == SUBSCRIBE_ID) {
            subscribed = readSubscribe(line);
        } else if (id == AUTHORIZE_ID) {
            authorized = PoolLines.isTrue(line);
            if (!authorized) {
                fail("authorize refused: " + line.toString(StandardCharsets.UTF_8));
            }
        } else if (id > AUTHORIZE_ID) {
            inFlight--;
            fleet.latency.record(System.nanoTime() - sentAt[(int) (id & (SENT_RING - 1))]);
            boolean ok = PoolLines.isTrue(line);
            fleet.onReply(ok, ok ? 0 : PoolLines.errorCode(line), System.nanoTime() - oldestSubmitNanos());
            if (fleet.submitting()) {
                queueSubmit();
            }
        }
    }

    /** Starts pipelining (called on this connection's event loop once the fleet submits). */
    @Override
    public void startSubmitting() {
        if (!mining || !subscribed || !authorized) {
            return;
        }
        while (inFlight < fleet.window()) {
            queueSubmit();
        }
        flushSubmits();
    }

    /** Sends one share (called on this connection's event loop). */
    @Override
    public void submitOne() {
        if (mining && subscribed && authorized) {
            queueSubmit();
            flushSubmits();
        }
    }

    private void queueSubmit() {
        if (pending == null) {
            pending = ctx.alloc().buffer(256 * Math.max(1, fleet.window()));
        }
        sentAt[(int) (submits.nextId() & (SENT_RING - 1))] = System.nanoTime();
        submits.write(pending);
        rememberSubmit(System.nanoTime());
        inFlight++;
    }

    /** The pool answers in request order, so the oldest submit in flight is the one a reply answers. */
    private void rememberSubmit(long nanos) {
        if (submitCount == submitNanos.length) {
            long[] larger = new long[submitNanos.length * 2];
            for (int i = 0; i < submitCount; i++) {
                larger[i] = submitNanos[(submitHead + i) % submitNanos.length];
            }
            submitNanos = larger;
            submitHead = 0;
        }
        submitNanos[(submitHead + submitCount) % submitNanos.length] = nanos;
        submitCount++;
    }

    private long oldestSubmitNanos() {
        long nanos = submitNanos[submitHead];
        submitHead = (submitHead + 1) % submitNanos.length;
        submitCount--;
        return nanos;
    }

    private void flushSubmits() {
        if (pending != null) {
            ByteBuf out = pending;
            pending = null;
            ctx.writeAndFlush(out, ctx.voidPromise());
        }
    }

    private boolean readSubscribe(ByteBuf line) {
        JsonNode result = tree(line).path("result");
        if (!result.isArray() || result.size() < 3) {
            fail("subscribe refused: " + line.toString(StandardCharsets.UTF_8));
            return false;
        }
        submits.extranonce2Size(result.get(2).asInt());
        return true;
    }

    private void readJob(ByteBuf line) {
        JsonNode params = tree(line).path("params");
        submits.job(params.get(0).asText(), params.get(7).asText());
        fleet.branchLength.compareAndSet(-1, params.get(4).size());
        fleet.notifyBytes.compareAndSet(0, line.readableBytes() + 1);
    }

    private JsonNode tree(ByteBuf line) {
        try {
            return JSON.readTree(new ByteBufInputStream(line.duplicate()));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable line from the pool: " + line.toString(StandardCharsets.UTF_8), e);
        }
    }

    /** Counts this connection as failed (once) and closes it. */
    private void fail(String why) {
        if (!failed) {
            failed = true;
            fleet.fail(why);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (!mining) {
            fail("closed by the pool before mining");
        } else if (!fleet.closing) {
            fleet.dropped.incrementAndGet();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (!mining) {
            fail(cause.toString());
        }
        context.close();
    }
}
