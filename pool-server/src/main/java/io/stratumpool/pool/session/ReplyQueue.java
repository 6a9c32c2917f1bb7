package io.stratumpool.pool.session;

import io.netty.channel.ChannelHandlerContext;
import io.stratumpool.pool.stratum.StratumError;
import io.stratumpool.pool.stratum.StratumMessages;
import io.stratumpool.pool.stratum.StratumRequest;
import java.util.concurrent.CompletableFuture;

/**
 * One connection's outgoing lines, in request order. A share's {@code true} waits until the ledger
 * committed it, and replies after it wait their turn; lines written during one socket read leave
 * in one flush. Used only on the connection's event loop.
 */
final class ReplyQueue {
    private final ChannelHandlerContext ctx;
    private final Runnable flushTask = this::flush;
    /** Completed once and never completed again, so every queue may start from it. */
    private static final CompletableFuture<Void> NOTHING_PENDING = CompletableFuture.completedFuture(null);

    private CompletableFuture<Void> tail = NOTHING_PENDING;
    private boolean inRead;
    private boolean flushPending;

    ReplyQueue(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** A socket read begins: what is written until {@link #endRead} leaves in one send. */
    void beginRead() {
        inRead = true;
    }

    void endRead() {
        inRead = false;
        flush();
    }

    void result(StratumRequest request, String resultJson) {
        if (request.hasId()) {
            reply(StratumMessages.result(request.id(), resultJson));
        }
    }

    void error(StratumRequest request, StratumError error) {
        if (request.hasId()) {
            reply(StratumMessages.error(request.id(), error));
        }
    }

    /** {@code true} once the share is durable, error 20 if the ledger could not store it; in request order either way. */
    void whenDurable(StratumRequest request, CompletableFuture<Void> durable) {
        if (!request.hasId()) {
            return;
        }
        if (tail.isDone() && durable.isDone() && !durable.isCompletedExceptionally()) {
            result(request, "true"); // committed already (an in-memory ledger): no hop through a task
            return;
        }
        String ok = StratumMessages.result(request.id(), "true");
        String failed = StratumMessages.error(request.id(), ShareErrors.NOT_STORED);
        tail = CompletableFuture.allOf(tail, durable).handleAsync((v, error) -> {
            writeReleased(error == null ? ok : failed);
            return null;
        }, ctx.executor());
    }

    /** Writes a reply now, or after earlier replies still waiting for the ledger. */
    private void reply(String line) {
        if (tail.isDone()) {
            write(line);
        } else {
            tail = tail.thenRunAsync(() -> writeReleased(line), ctx.executor());
        }
    }

    /**
     * Writes a line. Within a read it is flushed once at the end of the read, so a miner pipelining
     * submits gets every reply to one read in one send (one syscall instead of one per reply, the
     * largest cost per share before this); elsewhere (timers, broadcasts) it leaves at once.
     */
    void write(Object line) {
        if (inRead) {
            ctx.write(line, ctx.voidPromise());
            flushPending = true;
        } else {
            ctx.writeAndFlush(line, ctx.voidPromise());
        }
    }

    /**
     * Writes a reply the ledger released. The flush runs as a task queued behind the replies
     * already waiting, so the replies of one committed batch also leave in one send.
     */
    private void writeReleased(String line) {
        ctx.write(line, ctx.voidPromise());
        if (!flushPending) {
            flushPending = true;
            if (!inRead) {
                ctx.executor().execute(flushTask);
            }
        }
    }

    /** Sends whatever was written and not yet flushed (before a close, for instance). */
    void flush() {
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
    }
}
