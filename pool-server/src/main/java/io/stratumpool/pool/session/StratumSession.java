package io.stratumpool.pool.session;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.job.JobGeneration;
import io.stratumpool.pool.share.ShareResult;
import io.stratumpool.pool.share.Worker;
import io.stratumpool.pool.stratum.DisconnectEvents;
import io.stratumpool.pool.stratum.StratumError;
import io.stratumpool.pool.stratum.StratumMessages;
import io.stratumpool.pool.stratum.StratumRequest;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Submission;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One miner connection's Stratum state machine. Messages are accepted in any order: configure
 * before or after subscribe, suggestions before authorize; mining starts (set_difficulty, then
 * notify) once the connection is both subscribed and authorized. Every request with an id gets
 * exactly one reply, in request order: a share's {@code true} waits until the ledger committed it,
 * and replies after it wait their turn.
 */
public final class StratumSession extends SimpleChannelInboundHandler<StratumRequest> {
    private final SessionServices services;
    private final SessionDifficulty difficulty;
    private final RequestRateLimiter rateLimiter;
    private final SessionHandshake handshake;
    private final List<Worker> workers = new ArrayList<>(1);
    private ChannelHandlerContext ctx;
    private Vardiff vardiff;
    private byte[] extranonce1;
    private String sessionId;
    private String payoutKey;
    private boolean subscribed;
    private boolean mining;
    private boolean extranonceSubscribed;
    private long versionMask;
    private CompletableFuture<Void> replyTail = CompletableFuture.completedFuture(null);
    private final Runnable flushTask = this::flushPending;
    private boolean inReadBatch;
    private boolean flushPending;
    private ScheduledFuture<?> authorizeDeadline;
    private ScheduledFuture<?> vardiffTimer;
    private long accepted;
    private long rejected;
    private final InvalidShareGuard invalidShares;
    private double acceptedDifficulty;

    public StratumSession(SessionServices services) {
        this.services = services;
        this.difficulty = new SessionDifficulty(services.port());
        this.rateLimiter = new RequestRateLimiter(services.limits().maxRequestsPerSecond());
        this.handshake = new SessionHandshake(this);
        this.invalidShares = new InvalidShareGuard(services.limits().maxInvalidShareRatio());
    }

    // --- lifecycle -------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        authorizeDeadline = context.executor().schedule(this::authorizeTimedOut,
                services.limits().authorizeTimeoutSeconds(), TimeUnit.SECONDS);
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancel(authorizeDeadline);
        cancel(vardiffTimer);
        if (mining) {
            services.registry().unready(this);
        }
        if (extranonce1 != null) {
            services.registry().remember(sessionId, difficulty.current());
            services.registry().extranonces().release(extranonce1);
        }
        context.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent) {
            DisconnectEvents.closing(ctx.channel(), "idle",
                    "no message for " + services.limits().idleTimeoutSeconds() + " s");
            services.metrics().protocolError("idle");
            flushAndClose();
        } else {
            context.fireUserEventTriggered(event);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, StratumRequest request) {
        inReadBatch = true;
        if (!rateLimiter.tryAcquire(System.nanoTime())) {
            DisconnectEvents.closing(ctx.channel(), "request_rate", "more than "
                    + services.limits().maxRequestsPerSecond() + " requests/s other than valid shares");
            services.metrics().protocolError("request_rate");
            flushAndClose();
            return;
        }
        if (request.isResponse()) {
            return; // a reply to one of our requests (client.get_version): nothing to do
        }
        switch (request.method()) {
            case "mining.submit" -> submit(request);
            case "mining.subscribe" -> handshake.subscribe(request);
            case "mining.authorize" -> handshake.authorize(request);
            case "mining.configure" -> handshake.configure(request);
            case "mining.suggest_difficulty" -> handshake.suggestDifficulty(request.numberParam(0), request);
            case "mining.suggest_target" -> handshake.suggestTarget(request);
            case "mining.extranonce.subscribe" -> {
                extranonceSubscribed = true;
                replyResult(request, "true");
            }
            case "mining.multi_version", "mining.ping" -> replyResult(request, "true");
            case "mining.get_transactions" -> replyError(request, StratumError.other("mining.get_transactions is not supported"));
            default -> replyError(request, StratumError.other("unknown method " + printable(request.method())));
        }
    }

    /** The end of what one socket read brought: every reply written for it leaves in one flush. */
    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        inReadBatch = false;
        flushPending();
        context.fireChannelReadComplete();
    }

    // --- shares ----------------------------------------------------------------------------------

    private void submit(StratumRequest request) {
        if (!subscribed) {
            replyError(request, StratumError.NOT_SUBSCRIBED);
            return;
        }
        Worker worker = workerFor(request.stringParam(0));
        if (worker == null) {
            replyError(request, StratumError.UNAUTHORIZED);
            return;
        }
        if (request.paramCount() < 5) {
            replyError(request, StratumError.other("mining.submit needs 5 or 6 parameters, got " + request.paramCount()));
            return;
        }
        JobEntry entry = services.jobs().find(request.stringParam(1)).orElse(null);
        if (entry == null) {
            rejected++;
            services.metrics().share("rejected", "job_not_found", 0);
            replyError(request, StratumError.JOB_NOT_FOUND);
            return;
        }
        Submission submission = new Submission(request.stringParam(2), request.stringParam(3), request.stringParam(4),
                request.paramCount() > 5 ? request.stringParam(5) : null);
        ShareResult result = services.shares().process(entry, extranonce1, versionMask, worker, submission,
                difficulty.forJob(entry.seq()), difficulty.targetForJob(entry.seq()));
        if (!result.isValid()) {
            rejected++;
            replyError(request, result.error());
            if (result.error().code() != 21 && invalidShares.onInvalid()) {
                banForInvalidShares();
            }
            return;
        }
        accepted++;
        rateLimiter.refund(); // valid shares never count against the request rate: at low network difficulty they come by the hundred
        invalidShares.onValid();
        acceptedDifficulty += result.creditedDifficulty();
        replyWhenDurable(request, result.durable());
        if (vardiff != null && difficulty.vardiffEnabled()) {
            retarget(vardiff.onShare(result.creditedDifficulty(), difficulty.current(), nowNanos()));
        }
    }

    /** The authorized worker a submit names, or (lenient, as firmware varies) the connection's first worker. */
    private Worker workerFor(String login) {
        if (workers.isEmpty()) {
            return null;
        }
        for (Worker w : workers) {
            if (w.login().equals(login)) {
                return w;
            }
        }
        return workers.get(0);
    }

    private void retarget(double proposed) {
        if (Double.isNaN(proposed)) {
            return;
        }
        changeDifficulty(difficulty.clamp(proposed, services.jobs().networkDifficulty()));
    }

    private void vardiffTick() {
        if (vardiff != null && difficulty.vardiffEnabled()) {
            retarget(vardiff.onTick(difficulty.current(), nowNanos()));
        }
    }

    /** Sends set_difficulty now; jobs already sent stay acceptable at the easier difficulty. */
    void changeDifficulty(double newDifficulty) {
        if (!mining) {
            difficulty.initial(newDifficulty);
            return;
        }
        if (difficulty.set(newDifficulty, services.jobs().latestSeq())) {
            write(StratumMessages.setDifficulty(newDifficulty));
            // Then the current job again: firmware such as cpuminer applies a new difficulty only
            // from the next notify. Work already under way stays acceptable at the old difficulty.
            JobGeneration current = services.jobs().current();
            if (current != null) {
                write(current.entryFor(payoutKey).notifyLine(false));
            }
            if (vardiff != null) {
                vardiff.reset(nowNanos());
            }
        }
    }

    // --- jobs ------------------------------------------------------------------------------------

    /** Starts mining once subscribed and authorized: set_difficulty, then the current job. */
    void startMiningIfReady() {
        if (mining || !subscribed || workers.isEmpty()) {
            return;
        }
        mining = true;
        cancel(authorizeDeadline);
        authorizeDeadline = null; // the cancelled task (and its lambda) would stay reachable for the connection's life
        payoutKey = services.jobs().routing().payoutKey(workers.get(0).user());
        JobGeneration current = services.jobs().current();
        double network = current == null ? Double.POSITIVE_INFINITY : current.networkDifficulty();
        difficulty.initial(difficulty.clamp(difficulty.current(), network));
        write(StratumMessages.setDifficulty(difficulty.current()));
        vardiff = new Vardiff(services.port(), nowNanos());
        long period = Math.max(1, (long) (services.port().retargetSeconds() * 1000 / 3));
        vardiffTimer = ctx.executor().scheduleAtFixedRate(this::vardiffTick, period, period, TimeUnit.MILLISECONDS);
        services.registry().ready(this);
        if (current != null) {
            write(current.entryFor(payoutKey).notifyLine(true));
        }
    }

    /** Called on this connection's event loop by the broadcast. */
    void sendJob(JobEntry entry, boolean clean, double networkDifficulty) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (difficulty.current() > networkDifficulty && difficulty.set(networkDifficulty, entry.seq() - 1)) {
            write(StratumMessages.setDifficulty(networkDifficulty)); // never ask for more than a block needs
        }
        ctx.writeAndFlush(entry.notifyLine(clean), ctx.voidPromise());
    }

    void reconnect(int waitSeconds) {
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        DisconnectEvents.closing(ctx.channel(), "reconnect", "client.reconnect sent, wait " + waitSeconds + " s");
        ctx.writeAndFlush(StratumMessages.reconnect(local.getAddress().getHostAddress(), local.getPort(), waitSeconds))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Issues a new extranonce1 to a miner that asked for {@code mining.set_extranonce}. */
    void renewExtranonce() {
        if (!extranonceSubscribed || extranonce1 == null) {
            return;
        }
        byte[] old = extranonce1;
        assignExtranonce(null);
        services.registry().extranonces().release(old);
        write(StratumMessages.setExtranonce(Hex.encode(extranonce1), services.jobs().extranonce2Size()));
        JobGeneration current = services.jobs().current();
        if (current != null) {
            ctx.writeAndFlush(current.entryFor(payoutKey).notifyLine(true));
        }
    }

    // --- replies ---------------------------------------------------------------------------------

    void replyResult(StratumRequest request, String resultJson) {
        if (request.hasId()) {
            reply(StratumMessages.result(request.id(), resultJson));
        }
    }

    void replyError(StratumRequest request, StratumError error) {
        if (request.hasId()) {
            reply(StratumMessages.error(request.id(), error));
        }
    }

    /** Writes a reply now, or after earlier replies still waiting for the ledger. */
    private void reply(String line) {
        if (replyTail.isDone()) {
            write(line);
        } else {
            replyTail = replyTail.thenRunAsync(() -> writeReleased(line), ctx.executor());
        }
    }

    private void replyWhenDurable(StratumRequest request, CompletableFuture<Void> durable) {
        if (replyTail.isDone() && durable.isDone() && !durable.isCompletedExceptionally()) {
            replyResult(request, "true"); // committed already (an in-memory ledger): no hop through a task
            return;
        }
        String ok = StratumMessages.result(request.id(), "true");
        String failed = StratumMessages.error(request.id(), StratumError.other("share not stored (ledger unavailable), not credited"));
        replyTail = CompletableFuture.allOf(replyTail, durable)
                .handleAsync((v, error) -> {
                    if (request.hasId()) {
                        writeReleased(error == null ? ok : failed);
                    }
                    return null;
                }, ctx.executor());
    }

    /**
     * Writes a line. Within a read it is flushed once at the end of the read, so a miner pipelining
     * submits gets every reply to one read in one send (one syscall instead of one per reply, the
     * largest cost per share before this); elsewhere (timers, broadcasts) it leaves at once.
     */
    void write(Object line) {
        if (inReadBatch) {
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
            if (!inReadBatch) {
                ctx.executor().execute(flushTask);
            }
        }
    }

    private void flushPending() {
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
    }

    // --- state used by the handshake -------------------------------------------------------------

    void assignExtranonce(String resumeId) {
        extranonce1 = services.registry().extranonces().allocate(resumeId);
        sessionId = Hex.encode(extranonce1);
        ctx.channel().attr(DisconnectEvents.SESSION_ID).set(sessionId);
    }

    SessionServices services() {
        return services;
    }

    SessionDifficulty difficulty() {
        return difficulty;
    }

    List<Worker> workers() {
        return workers;
    }

    boolean subscribed() {
        return subscribed;
    }

    void markSubscribed() {
        subscribed = true;
    }

    boolean mining() {
        return mining;
    }

    void versionMask(long mask) {
        versionMask = mask;
    }

    String sessionId() {
        return sessionId;
    }

    void closeConnection() {
        flushAndClose();
    }

    /** Replies already written for this read still reach the miner before the connection closes. */
    private void flushAndClose() {
        flushPending();
        ctx.close();
    }

    /** A bad line closes the connection (the tail handler); replies to the lines before it go out first. */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        flushPending();
        context.fireExceptionCaught(cause);
    }

    /** Too many invalid shares (not stale ones): the miner is broken or hostile; close and keep its address out a while. */
    private void banForInvalidShares() {
        DisconnectEvents.closing(ctx.channel(), "invalid_shares", "over "
                + Math.round(services.limits().maxInvalidShareRatio() * 100) + " % invalid shares, address banned for "
                + services.limits().banSeconds() + " s");
        services.metrics().connectionRefused("invalid_shares");
        java.net.SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress inet) {
            services.registry().ban(inet.getAddress(), services.limits().banSeconds() * 1000L);
        }
        flushAndClose(); // the reject reply to the share that tipped the ratio still goes out
    }

    private void authorizeTimedOut() {
        if (!mining) {
            DisconnectEvents.closing(ctx.channel(), "authorize_timeout", "not subscribed and authorized within "
                    + services.limits().authorizeTimeoutSeconds() + " s");
            services.metrics().protocolError("authorize_timeout");
            flushAndClose();
        }
    }

    // --- read-only views -------------------------------------------------------------------------

    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    public String payoutKey() {
        return payoutKey;
    }

    public double currentDifficulty() {
        return difficulty.current();
    }

    public long acceptedShares() {
        return accepted;
    }

    public long rejectedShares() {
        return rejected;
    }

    public double acceptedDifficulty() {
        return acceptedDifficulty;
    }

    public List<Worker> authorizedWorkers() {
        return List.copyOf(workers);
    }

    /** Vardiff's time, from the injected clock so tests control it. */
    private long nowNanos() {
        return services.clock().millis() * 1_000_000L;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public String toString() {
        return "session " + sessionId + " " + (ctx == null ? "" : ctx.channel().remoteAddress());
    }
}
