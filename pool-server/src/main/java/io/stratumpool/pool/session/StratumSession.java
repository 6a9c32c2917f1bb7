package io.stratumpool.pool.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.job.JobGeneration;
import io.stratumpool.pool.metrics.FirmwareLabels;
import io.stratumpool.pool.share.ShareOutcome;
import io.stratumpool.pool.share.ShareResult;
import io.stratumpool.pool.share.Worker;
import io.stratumpool.pool.stratum.DisconnectEvents;
import io.stratumpool.pool.stratum.ExceptionHandler;
import io.stratumpool.pool.stratum.NotifyLines;
import io.stratumpool.pool.stratum.ClientAddress;
import io.stratumpool.pool.stratum.StratumError;
import io.stratumpool.pool.stratum.StratumMessages;
import io.stratumpool.pool.stratum.StratumRequest;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Submission;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One miner connection's Stratum state machine: it dispatches each request, to the
 * {@link SessionHandshake} for setup and to the share layer for submits, and sends jobs and
 * difficulty. Messages are accepted in any order: configure before or after subscribe,
 * suggestions before authorize; mining starts (set_difficulty, then notify) once the connection
 * is both subscribed and authorized. Replies leave in request order through the {@link ReplyQueue}.
 */
public final class StratumSession extends SimpleChannelInboundHandler<StratumRequest> {
    private final SessionServices services;
    private final SessionDifficulty difficulty;
    private final RequestRateLimiter rateLimiter;
    private final InvalidShareGuard invalidShares;
    private ChannelHandlerContext ctx;
    /** Where this session sits in its loop's {@link LoopSessions}; -1 when not there (loop-confined). */
    int fanoutIndex = -1;
    private ReplyQueue replies;
    private SessionHandshake handshake;
    private Vardiff vardiff;
    private String payoutKey;
    private boolean mining;
    /** The highest job sequence this connection was sent. */
    private long sentUpTo;
    // The SessionTicker's links and this connection's counts of its ticks, all on the event loop.
    StratumSession tickPrev;
    StratumSession tickNext;
    /** Ticks since the last request. */
    private int quietTicks;
    /** Ticks since the connection opened (until mining), then since the last vardiff check. */
    private int countedTicks;
    // Written on this connection's event loop, read by the API and admin threads.
    private volatile long accepted;
    private volatile long rejected;
    private volatile long stale;
    private volatile double acceptedDifficulty;
    private volatile long lastShareAt = Long.MIN_VALUE;
    private volatile double bestShare;
    private long connectedAt;

    public StratumSession(SessionServices services) {
        this.services = services;
        this.difficulty = new SessionDifficulty(services.port());
        this.rateLimiter = new RequestRateLimiter(services.limits().maxRequestsPerSecond());
        this.invalidShares = new InvalidShareGuard(services.limits().maxInvalidShareRatio());
    }

    // --- lifecycle -------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.connectedAt = services.clock().millis();
        this.replies = new ReplyQueue(context);
        this.handshake = new SessionHandshake(this, services, difficulty, replies);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        services.ticker().add(this);
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        services.ticker().remove(this);
        if (mining) {
            services.registry().unready(this);
        }
        handshake.release();
        context.fireChannelInactive();
    }

    /**
     * One tick of the port's {@link SessionTicker}, on this connection's event loop: closes a
     * connection not mining within the authorize timeout or silent for the idle timeout, and runs
     * vardiff's check every {@link SessionTicker#vardiffTicks()}.
     */
    void tick(SessionTicker ticker) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (++quietTicks >= ticker.idleTicks()) {
            DisconnectEvents.closing(ctx.channel(), "idle",
                    "no message for " + services.limits().idleTimeoutSeconds() + " s");
            services.metrics().protocolError("idle");
            closeConnection();
            return;
        }
        countedTicks++;
        if (!mining) {
            if (countedTicks >= ticker.authorizeTicks()) {
                authorizeTimedOut();
            }
        } else if (countedTicks >= ticker.vardiffTicks()) {
            countedTicks = 0;
            vardiffTick();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, StratumRequest request) {
        quietTicks = 0;
        replies.beginRead();
        if (!rateLimiter.tryAcquire(System.nanoTime())) {
            DisconnectEvents.closing(ctx.channel(), "request_rate", "more than "
                    + services.limits().maxRequestsPerSecond() + " requests/s other than valid shares");
            services.metrics().protocolError("request_rate");
            closeConnection();
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
            case "mining.extranonce.subscribe" -> handshake.extranonceSubscribe(request);
            case "mining.multi_version", "mining.ping" -> replies.result(request, "true");
            case "mining.get_transactions" -> replies.error(request, StratumError.other("mining.get_transactions is not supported"));
            default -> replies.error(request, StratumError.other("unknown method " + printable(request.method())));
        }
    }

    /** The end of what one socket read brought: every reply written for it leaves in one flush. */
    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        replies.endRead();
        context.fireChannelReadComplete();
    }

    // --- shares ----------------------------------------------------------------------------------

    private void submit(StratumRequest request) {
        if (!handshake.subscribed()) {
            replies.error(request, StratumError.NOT_SUBSCRIBED);
            return;
        }
        Worker worker = workerFor(request.stringParam(0));
        if (worker == null) {
            replies.error(request, StratumError.UNAUTHORIZED);
            return;
        }
        if (request.paramCount() < 5) {
            replies.error(request, StratumError.other("mining.submit needs 5 or 6 parameters, got " + request.paramCount()));
            return;
        }
        Submission submission = new Submission(request.stringParam(2), request.stringParam(3), request.stringParam(4),
                request.paramCount() > 5 ? request.stringParam(5) : null);
        ShareResult result = services.shares().process(request.stringParam(1), handshake.extranonce1(),
                handshake.versionMask(), worker, submission, difficulty, handshake.firmware());
        if (result.isValid()) {
            onValidShare(request, result);
        } else {
            onRejectedShare(request, result);
        }
    }

    private void onValidShare(StratumRequest request, ShareResult result) {
        accepted++;
        lastShareAt = services.clock().millis();
        bestShare = Math.max(bestShare, result.hashDifficulty());
        rateLimiter.refund(); // valid shares never count against the request rate: at low network difficulty they come by the hundred
        invalidShares.onValid();
        acceptedDifficulty += result.creditedDifficulty();
        replies.whenDurable(request, result.durable());
        if (vardiff != null && difficulty.vardiffEnabled()) {
            retarget(vardiff.onShare(result.creditedDifficulty(), difficulty.current(), nowNanos()));
        }
    }

    private void onRejectedShare(StratumRequest request, ShareResult result) {
        rejected++;
        if (result.outcome() == ShareOutcome.STALE) {
            stale++;
        }
        replies.error(request, ShareErrors.of(result));
        if (result.outcome().isInvalidWork() && invalidShares.onInvalid()) {
            banForInvalidShares();
        }
    }

    /** The authorized worker a submit names, or (lenient, as firmware varies) the connection's first worker. */
    private Worker workerFor(String login) {
        List<Worker> workers = handshake.workers();
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

    // --- difficulty ------------------------------------------------------------------------------

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

    /**
     * Sends set_difficulty, then the current work under a job id this miner has not seen
     * ({@code clean_jobs=false}): every firmware applies a new difficulty from a new job, and some
     * (ESP-Miner) ignore a notify whose id they already have. Jobs sent before stay acceptable at
     * the easier of the two difficulties.
     */
    void changeDifficulty(double newDifficulty) {
        if (!mining) {
            difficulty.initial(newDifficulty);
            return;
        }
        if (newDifficulty == difficulty.current() || !(newDifficulty > 0)) {
            return;
        }
        JobEntry fresh = services.jobs().reissue(payoutKey, sentUpTo);
        difficulty.set(newDifficulty, fresh == null ? services.jobs().latestSeq() : fresh.seq() - 1);
        replies.write(StratumMessages.setDifficulty(newDifficulty));
        if (fresh != null) {
            send(fresh, false);
        }
        if (vardiff != null) {
            vardiff.reset(nowNanos());
        }
    }

    /** Writes a job's notify (flushed with the read's replies, or at once outside a read). */
    private void send(JobEntry entry, boolean clean) {
        sentUpTo = Math.max(sentUpTo, entry.seq());
        replies.write(NotifyLines.of(entry, clean));
    }

    // --- jobs ------------------------------------------------------------------------------------

    /** Starts mining once subscribed and authorized: set_difficulty, then the current job. */
    void startMiningIfReady() {
        if (mining || !handshake.subscribed() || handshake.workers().isEmpty()) {
            return;
        }
        mining = true;
        countedTicks = 0; // from now on: ticks since the last vardiff check
        payoutKey = services.jobs().routing().payoutKey(handshake.workers().get(0).user(),
                services.port().coinbaseMaxBytes());
        JobGeneration current = services.jobs().current();
        double network = current == null ? Double.POSITIVE_INFINITY : current.networkDifficulty();
        difficulty.initial(difficulty.clamp(difficulty.current(), network));
        replies.write(StratumMessages.setDifficulty(difficulty.current()));
        vardiff = new Vardiff(services.port(), nowNanos());
        services.registry().ready(this);
        if (current != null) {
            send(current.entryFor(payoutKey), true);
        }
    }

    /**
     * Called on this connection's event loop by the broadcast ({@link NotifyFanout}) with that loop's
     * copy of the job's notify line; false when the connection is already closed.
     */
    boolean sendJob(JobEntry entry, ByteBuf notify, double networkDifficulty) {
        if (!ctx.channel().isActive()) {
            return false;
        }
        if (difficulty.current() > networkDifficulty && difficulty.set(networkDifficulty, entry.seq() - 1)) {
            replies.write(StratumMessages.setDifficulty(networkDifficulty)); // never ask for more than a block needs
        }
        sentUpTo = Math.max(sentUpTo, entry.seq());
        ctx.writeAndFlush(notify.retainedDuplicate(), ctx.voidPromise());
        return true;
    }

    void reconnect(int waitSeconds) {
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        DisconnectEvents.closing(ctx.channel(), "reconnect", "client.reconnect sent, wait " + waitSeconds + " s");
        ctx.writeAndFlush(services.registry().reconnectLine(local.getPort(), waitSeconds))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Issues a new extranonce1 to a miner that asked for {@code mining.set_extranonce}. */
    void renewExtranonce() {
        byte[] renewed = handshake.renewExtranonce();
        if (renewed == null) {
            return;
        }
        replies.write(StratumMessages.setExtranonce(Hex.encode(renewed), services.jobs().extranonce2Size()));
        // A job id the miner has not seen: firmware that drops repeated ids would keep the old extranonce.
        JobEntry fresh = services.jobs().reissue(payoutKey, sentUpTo);
        if (fresh != null) {
            send(fresh, true);
        }
    }

    /** The session id goes on the channel, so every disconnect event line names it. */
    void sessionIdAssigned(String sessionId) {
        ctx.channel().attr(DisconnectEvents.SESSION_ID).set(sessionId);
    }

    // --- closing ---------------------------------------------------------------------------------

    /** Replies already written for this read still reach the miner before the connection closes. */
    void closeConnection() {
        replies.flush();
        ctx.close();
    }

    /** A bad line closes the connection (the tail handler); replies to the lines before it go out first. */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        replies.flush();
        ExceptionHandler.closeOn(context, cause, services.metrics());
    }

    /** Too many invalid shares (not stale ones): the miner is broken or hostile; close and keep its address out a while. */
    private void banForInvalidShares() {
        DisconnectEvents.closing(ctx.channel(), "invalid_shares", "over "
                + Math.round(services.limits().maxInvalidShareRatio() * 100) + " % invalid shares, address banned for "
                + services.limits().banSeconds() + " s");
        services.metrics().connectionRefused("invalid_shares");
        InetSocketAddress client = ClientAddress.of(ctx.channel());
        if (client != null) {
            services.registry().ban(client.getAddress(), services.limits().banSeconds() * 1000L);
        }
        closeConnection(); // the reject reply to the share that tipped the ratio still goes out
    }

    private void authorizeTimedOut() {
        if (!mining) {
            DisconnectEvents.closing(ctx.channel(), "authorize_timeout", "not subscribed and authorized within "
                    + services.limits().authorizeTimeoutSeconds() + " s");
            services.metrics().protocolError("authorize_timeout");
            closeConnection();
        }
    }

    // --- operator actions (the admin API, through SessionRegistry) ------------------------------

    void showMessage(String text) {
        ctx.writeAndFlush(StratumMessages.showMessage(text), ctx.voidPromise());
    }

    void kick() {
        closeConnection();
    }

    // --- read-only views -------------------------------------------------------------------------

    public String sessionId() {
        return handshake.sessionId();
    }

    public long connectedAtMillis() {
        return connectedAt;
    }

    public InetSocketAddress clientAddress() {
        return ClientAddress.of(ctx.channel());
    }

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

    /** Shares for a job that was no longer current (a part of {@link #rejectedShares()}). */
    public long staleShares() {
        return stale;
    }

    /** When this connection's last accepted share came, or {@code Long.MIN_VALUE} before the first. */
    public long lastShareMillis() {
        return lastShareAt;
    }

    /** The highest difficulty an accepted share's hash achieved on this connection (0 before the first). */
    public double bestShareDifficulty() {
        return bestShare;
    }

    public double acceptedDifficulty() {
        return acceptedDifficulty;
    }

    public List<Worker> authorizedWorkers() {
        return List.copyOf(handshake.workers());
    }

    /** The firmware family and major version from the subscribe user agent (the metrics' labels). */
    public FirmwareLabels firmware() {
        return handshake.firmware();
    }

    /** The subscribe user agent as sent (printable, cut at 128 characters), or null; for the API, never a metric label. */
    public String userAgent() {
        return handshake.userAgent();
    }

    /** Vardiff's time, from the injected clock so tests control it. */
    private long nowNanos() {
        return services.clock().millis() * 1_000_000L;
    }

    static String printable(String s) {
        return printable(s, 40);
    }

    /** At most {@code max} characters (then an ellipsis), anything but printable ASCII as '?'. */
    static String printable(String s, int max) {
        String cut = s.length() > max ? s.substring(0, max) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public String toString() {
        return "session " + (handshake == null ? null : handshake.sessionId()) + " " + (ctx == null ? "" : ClientAddress.of(ctx.channel()));
    }
}
