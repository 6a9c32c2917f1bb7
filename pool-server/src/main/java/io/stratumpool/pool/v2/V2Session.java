package io.stratumpool.pool.v2;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.job.JobGeneration;
import io.stratumpool.pool.metrics.FirmwareLabels;
import io.stratumpool.pool.session.FirmwareFamily;
import io.stratumpool.pool.session.InvalidShareGuard;
import io.stratumpool.pool.session.RequestRateLimiter;
import io.stratumpool.pool.session.SessionDifficulty;
import io.stratumpool.pool.session.Vardiff;
import io.stratumpool.pool.share.ShareOutcome;
import io.stratumpool.pool.share.ShareResult;
import io.stratumpool.pool.share.Worker;
import io.stratumpool.pool.stratum.ClientAddress;
import io.stratumpool.pool.stratum.DisconnectEvents;
import io.stratumpool.pool.stratum.ExceptionHandler;
import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.CloseChannel;
import io.stratumpool.sv2.message.ErrorCodes;
import io.stratumpool.sv2.message.OpenExtendedMiningChannel;
import io.stratumpool.sv2.message.OpenExtendedMiningChannelSuccess;
import io.stratumpool.sv2.message.OpenMiningChannelError;
import io.stratumpool.sv2.message.OpenStandardMiningChannel;
import io.stratumpool.sv2.message.OpenStandardMiningChannelSuccess;
import io.stratumpool.sv2.message.Reconnect;
import io.stratumpool.sv2.message.SetTarget;
import io.stratumpool.sv2.message.SetupConnection;
import io.stratumpool.sv2.message.SetupConnectionError;
import io.stratumpool.sv2.message.SetupConnectionFlags;
import io.stratumpool.sv2.message.SetupConnectionSuccess;
import io.stratumpool.sv2.message.SubmitSharesError;
import io.stratumpool.sv2.message.SubmitSharesExtended;
import io.stratumpool.sv2.message.SubmitSharesStandard;
import io.stratumpool.sv2.message.SubmitSharesSuccess;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.sv2.message.UpdateChannel;
import io.stratumpool.sv2.message.UpdateChannelError;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Submission;
import io.stratumpool.validator.Target;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One V2 connection's Mining protocol: SetupConnection (mining only; no firmware string required;
 * version rolling never forbidden), then any number of standard and extended channels. A new tip
 * reaches each channel as one future job immediately followed by the SetNewPrevHash that
 * activates it (firmware activates every future job it holds, so never more than one); template
 * refreshes go out as jobs active at once. Shares go through the same {@code ShareProcessor} as
 * V1 and are acknowledged once durable, coalesced into one SubmitShares.Success per channel per
 * {@link #ACK_BATCH} shares or {@link #ACK_WINDOW_MILLIS}; vardiff speaks through SetTarget.
 */
public final class V2Session extends SimpleChannelInboundHandler<Sv2Message> {
    /** Acknowledgements coalesced into one SubmitShares.Success at most. */
    static final int ACK_BATCH = 16;
    /** How long an acknowledgement may wait for others to join it. */
    static final long ACK_WINDOW_MILLIS = 20;
    /** Channels one connection may open (a proxy aggregates many devices; a device needs one). */
    static final int MAX_CHANNELS = 256;
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    private final V2Services services;
    private final InvalidShareGuard invalidShares;
    private final RequestRateLimiter rateLimiter;
    private final Map<Long, V2Channel> channels = new ConcurrentHashMap<>();
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> ticker;
    private boolean setUp;
    private boolean ready;
    private boolean hadChannel;
    /** Set when the pool closes the connection: messages already read are not acted on (nor counted again). */
    private boolean closing;
    private long nextChannelId = 1;
    private int quietSeconds;
    private int seconds;
    private int vardiffSeconds;
    private volatile FirmwareLabels firmware = FirmwareLabels.UNKNOWN_V2;
    private volatile String userAgent;
    private long connectedAt;

    public V2Session(V2Services services) {
        this.services = services;
        this.invalidShares = new InvalidShareGuard(services.limits().maxInvalidShareRatio());
        this.rateLimiter = new RequestRateLimiter(services.limits().maxRequestsPerSecond());
    }

    // --- lifecycle -------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.connectedAt = services.clock().millis();
        this.vardiffSeconds = (int) Math.max(1, Math.round(services.port().retargetSeconds() / 3));
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        ticker = context.executor().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (ready) {
            services.registry().unready(this);
        }
        channels.values().forEach(c -> services.sessions().extranonces().release(c.extranonce1));
        channels.clear();
        context.fireChannelInactive();
    }

    /** Once a second: idle and setup timeouts, vardiff's check. */
    void tick() {
        if (!ctx.channel().isActive()) {
            return;
        }
        seconds++;
        if (++quietSeconds >= services.limits().idleTimeoutSeconds()) {
            close("idle", "no message for " + services.limits().idleTimeoutSeconds() + " s");
        } else if (!hadChannel && seconds >= services.limits().authorizeTimeoutSeconds()) {
            close("authorize_timeout", "no mining channel opened within " + services.limits().authorizeTimeoutSeconds() + " s");
        } else if (seconds % vardiffSeconds == 0) {
            for (V2Channel c : List.copyOf(channels.values())) {
                if (c.difficulty.vardiffEnabled()) {
                    retarget(c, c.vardiff.onTick(c.difficulty.current(), nowNanos()));
                }
            }
            ctx.flush();
        }
    }

    private void close(String reason, String detail) {
        closing = true;
        DisconnectEvents.closing(ctx.channel(), reason, detail);
        services.metrics().protocolError(reason);
        ctx.flush();
        ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, Sv2Message message) throws V2ProtocolException {
        quietSeconds = 0;
        if (closing) {
            return;
        }
        if (!rateLimiter.tryAcquire(System.nanoTime())) {
            close("request_rate", "more than " + services.limits().maxRequestsPerSecond()
                    + " messages/s other than valid shares");
            return;
        }
        if (message instanceof SetupConnection setup) {
            setup(setup);
            return;
        }
        if (!setUp) {
            throw new V2ProtocolException(V2ProtocolException.NOT_SET_UP,
                    message.getClass().getSimpleName() + " before SetupConnection");
        }
        if (message instanceof SubmitSharesStandard s) {
            submit(s.channelId(), s.sequenceNumber(), s.jobId(), s.nonce(), s.ntime(), s.version(), null, false);
        } else if (message instanceof SubmitSharesExtended s) {
            submit(s.channelId(), s.sequenceNumber(), s.jobId(), s.nonce(), s.ntime(), s.version(), s.extranonce(), true);
        } else if (message instanceof OpenStandardMiningChannel open) {
            openChannel(open.requestId(), open.userIdentity(), open.nominalHashRate(), open.maxTarget(), false, 0);
        } else if (message instanceof OpenExtendedMiningChannel open) {
            openChannel(open.requestId(), open.userIdentity(), open.nominalHashRate(), open.maxTarget(), true,
                    open.minExtranonceSize());
        } else if (message instanceof UpdateChannel update) {
            updateChannel(update);
        } else if (message instanceof CloseChannel close) {
            closeChannel(close.channelId());
        } else {
            throw new V2ProtocolException(V2ProtocolException.UNEXPECTED,
                    message.getClass().getSimpleName() + " is not a message a mining client sends");
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        context.flush();
        context.fireChannelReadComplete();
    }

    /** A refused frame or message closes this connection, counted under its reason. */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof V2ProtocolException e) {
            services.metrics().protocolError(e.reason());
            DisconnectEvents.closing(context.channel(), e.reason(), String.valueOf(e.getMessage()));
            context.flush();
            context.close();
            return;
        }
        ExceptionHandler.closeOn(context, cause, services.metrics());
    }

    // --- setup -----------------------------------------------------------------------------------

    private void setup(SetupConnection setup) throws V2ProtocolException {
        if (setUp) {
            throw new V2ProtocolException(V2ProtocolException.NOT_SET_UP, "a second SetupConnection");
        }
        String error = null;
        long flags = 0;
        if (setup.protocol() != SetupConnectionFlags.PROTOCOL_MINING) {
            error = ErrorCodes.UNSUPPORTED_PROTOCOL;
        } else if (setup.minVersion() > SetupConnectionFlags.VERSION_2 || setup.maxVersion() < SetupConnectionFlags.VERSION_2) {
            error = ErrorCodes.PROTOCOL_VERSION_MISMATCH;
        } else if ((setup.flags() & SetupConnectionFlags.REQUIRES_WORK_SELECTION) != 0) {
            error = ErrorCodes.UNSUPPORTED_FEATURE_FLAGS; // job declaration is not served here
            flags = SetupConnectionFlags.REQUIRES_WORK_SELECTION;
        }
        if (error != null) {
            DisconnectEvents.closing(ctx.channel(), "v2_setup_refused", error);
            ctx.writeAndFlush(new SetupConnectionError(flags, error)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        setUp = true;
        String agent = (setup.vendor() + "/" + setup.firmware()).strip();
        userAgent = agent.length() > 128 ? agent.substring(0, 128) : agent;
        firmware = FirmwareFamily.labels(userAgent).overV2();
        // Flags 0: never REQUIRES_FIXED_VERSION (firmware rolls version bits without asking), and
        // standard as well as extended channels are served.
        ctx.write(new SetupConnectionSuccess(SetupConnectionFlags.VERSION_2, 0));
    }

    // --- channels --------------------------------------------------------------------------------

    private void openChannel(long requestId, String identity, float nominalHashRate, U256 maxTarget, boolean extended,
            int minExtranonceSize) {
        Worker worker = Worker.parse(identity);
        String refused = worker == null ? "bad user.worker" : services.userCheck().apply(worker.user());
        if (refused != null) {
            ctx.write(new OpenMiningChannelError(requestId, ErrorCodes.UNKNOWN_USER));
            return;
        }
        int extranonce2Size = services.jobs().extranonce2Size();
        if (extended && minExtranonceSize > extranonce2Size) {
            ctx.write(new OpenMiningChannelError(requestId, ErrorCodes.MIN_EXTRANONCE_SIZE_TOO_LARGE));
            return;
        }
        if (maxTarget.toBigInteger().signum() == 0 || channels.size() >= MAX_CHANNELS) {
            ctx.write(new OpenMiningChannelError(requestId, channels.size() >= MAX_CHANNELS ? "too-many-channels"
                    : ErrorCodes.MAX_TARGET_OUT_OF_RANGE));
            return;
        }
        SessionDifficulty difficulty = new SessionDifficulty(services.port());
        difficulty.floor(Target.of(maxTarget.toBigInteger().min(Target.MAX.toBigInteger())).difficulty());
        JobGeneration current = services.jobs().current();
        double network = current == null ? Double.POSITIVE_INFINITY : current.networkDifficulty();
        difficulty.initial(difficulty.clamp(initialDifficulty(nominalHashRate, difficulty.current()), network));
        byte[] extranonce1 = services.sessions().extranonces().allocate(null);
        long id = nextChannelId++;
        String payoutKey = services.jobs().routing().payoutKey(worker.user());
        V2Channel channel = new V2Channel(id, extended, worker, extranonce1, extranonce2Size, difficulty, payoutKey);
        channel.vardiff = new Vardiff(services.port(), nowNanos());
        channels.put(id, channel);
        hadChannel = true;
        U256 target = target(difficulty.current());
        if (extended) {
            ctx.write(new OpenExtendedMiningChannelSuccess(requestId, id, target, extranonce2Size, Bytes.of(extranonce1), 0));
        } else {
            ctx.write(new OpenStandardMiningChannelSuccess(requestId, id, target, Bytes.of(extranonce1), 0));
        }
        if (!ready) {
            ready = true;
            services.registry().ready(this);
        }
        if (current != null) {
            JobEntry entry = current.entryFor(payoutKey);
            send(channel, entry, true);
        }
    }

    /**
     * The difficulty for a nominal hashrate: one share per vardiff target interval; the current
     * one when the rate is unknown or the port has a fixed difficulty (vardiff off).
     */
    private double initialDifficulty(float nominalHashRate, double fallback) {
        if (!services.port().vardiff() || !(nominalHashRate > 0) || Float.isInfinite(nominalHashRate)) {
            return fallback;
        }
        return nominalHashRate * services.port().targetShareSeconds() / 4294967296.0;
    }

    private void updateChannel(UpdateChannel update) {
        V2Channel c = channels.get(update.channelId());
        if (c == null) {
            ctx.write(new UpdateChannelError(update.channelId(), ErrorCodes.INVALID_CHANNEL_ID));
            return;
        }
        if (Float.isNaN(update.nominalHashRate()) || update.nominalHashRate() < 0 || Float.isInfinite(update.nominalHashRate())) {
            ctx.write(new UpdateChannelError(update.channelId(), ErrorCodes.INVALID_NOMINAL_HASHRATE));
            return;
        }
        if (update.maximumTarget().toBigInteger().signum() == 0) {
            ctx.write(new UpdateChannelError(update.channelId(), ErrorCodes.MAX_TARGET_OUT_OF_RANGE));
            return;
        }
        c.difficulty.floor(Target.of(update.maximumTarget().toBigInteger().min(Target.MAX.toBigInteger())).difficulty());
        double wanted = initialDifficulty(update.nominalHashRate(), c.difficulty.current());
        changeDifficulty(c, c.difficulty.clamp(wanted, services.jobs().networkDifficulty()), true);
    }

    private void closeChannel(long channelId) {
        V2Channel c = channels.remove(channelId);
        if (c != null) {
            flushAcks(c);
            services.sessions().extranonces().release(c.extranonce1);
        }
    }

    // --- jobs ------------------------------------------------------------------------------------

    private void send(V2Channel c, JobEntry entry, boolean future) {
        c.sentUpTo = Math.max(c.sentUpTo, entry.seq());
        ctx.write(c.job(entry, future));
        if (future) {
            ctx.write(c.prevHash(entry));
        }
    }

    /** Called on this connection's event loop by the broadcast: a new tip, or a refreshed template. */
    void sendJobs(JobGeneration generation, boolean clean) {
        if (!ctx.channel().isActive()) {
            return;
        }
        double network = generation.networkDifficulty();
        for (V2Channel c : channels.values()) {
            JobEntry entry = generation.entryFor(c.payoutKey);
            if (c.difficulty.current() > network && c.difficulty.set(network, entry.seq() - 1)) {
                ctx.write(new SetTarget(c.id, target(network))); // never ask for more than a block needs
            }
            send(c, entry, clean);
        }
        ctx.flush();
    }

    // --- shares ----------------------------------------------------------------------------------

    private void submit(long channelId, long sequence, long jobId, long nonce, long ntime, long version, Bytes extranonce,
            boolean extendedSubmit) {
        V2Channel c = channels.get(channelId);
        if (c == null || c.extended != extendedSubmit) {
            ctx.write(new SubmitSharesError(channelId, sequence, ErrorCodes.INVALID_CHANNEL_ID));
            return;
        }
        String jobHex = Long.toHexString(jobId);
        long mask = services.versionMask();
        // The validator takes rolled bits within the mask; a version differing from the job's
        // outside the mask shows up as bits outside it and is refused (invalid-version).
        long jobVersion = services.jobs().find(jobHex).map(e -> e.job().version()).orElse(version);
        long bits = (version & mask) | ((version ^ jobVersion) & ~mask & 0xffffffffL);
        Submission submission = new Submission(Hex.encode(c.extranonce2(extranonce)), hex8(ntime), hex8(nonce), hex8(bits));
        ShareResult result = services.shares().process(jobHex, c.extranonce1, mask, c.worker, submission, c.difficulty, firmware);
        if (result.isValid()) {
            onValidShare(c, sequence, result);
        } else {
            onRejectedShare(c, sequence, result.outcome());
        }
    }

    private void onValidShare(V2Channel c, long sequence, ShareResult result) {
        c.accepted++;
        c.lastShareAt = services.clock().millis();
        c.bestShare = Math.max(c.bestShare, result.hashDifficulty());
        c.acceptedDifficulty += result.creditedDifficulty();
        invalidShares.onValid();
        rateLimiter.refund(); // valid shares never count against the message rate, as on V1
        double credited = result.creditedDifficulty();
        result.durable().whenComplete((v, failure) -> ctx.executor().execute(() -> {
            if (failure == null) {
                ack(c, sequence, credited);
            } else {
                flushAcks(c);
                ctx.writeAndFlush(new SubmitSharesError(c.id, sequence, V2ShareErrors.NOT_STORED), ctx.voidPromise());
            }
        }));
        if (c.difficulty.vardiffEnabled()) {
            retarget(c, c.vardiff.onShare(credited, c.difficulty.current(), nowNanos()));
        }
    }

    private void onRejectedShare(V2Channel c, long sequence, ShareOutcome outcome) {
        c.rejected++;
        if (outcome == ShareOutcome.STALE) {
            c.stale++;
        }
        flushAcks(c);
        ctx.write(new SubmitSharesError(c.id, sequence, V2ShareErrors.of(outcome)));
        if (outcome.isInvalidWork() && invalidShares.onInvalid()) {
            banForInvalidShares();
        }
    }

    /** Adds a durable share to the channel's pending acknowledgement; sends it when full or soon. */
    private void ack(V2Channel c, long sequence, double difficulty) {
        c.pendingAcks++;
        c.lastAckedSequence = sequence;
        c.pendingDifficulty += difficulty;
        if (c.pendingAcks >= ACK_BATCH) {
            flushAcks(c);
            ctx.flush();
        } else if (!c.flushScheduled) {
            c.flushScheduled = true;
            ctx.executor().schedule(() -> {
                c.flushScheduled = false;
                flushAcks(c);
                ctx.flush();
            }, ACK_WINDOW_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Writes the pending SubmitShares.Success. {@code new_shares_sum} is the acknowledged shares'
     * credited difficulty, rounded up to a whole number (the field is an integer; at fractional
     * difficulties each batch counts at least 1).
     */
    private void flushAcks(V2Channel c) {
        if (c.pendingAcks == 0 || !ctx.channel().isActive()) {
            return;
        }
        ctx.write(new SubmitSharesSuccess(c.id, c.lastAckedSequence, c.pendingAcks, (long) Math.ceil(c.pendingDifficulty)),
                ctx.voidPromise());
        c.pendingAcks = 0;
        c.pendingDifficulty = 0;
    }

    private void banForInvalidShares() {
        DisconnectEvents.closing(ctx.channel(), "invalid_shares", "over "
                + Math.round(services.limits().maxInvalidShareRatio() * 100) + " % invalid shares, address banned for "
                + services.limits().banSeconds() + " s");
        services.metrics().connectionRefused("invalid_shares");
        InetSocketAddress client = ClientAddress.of(ctx.channel());
        if (client != null) {
            services.sessions().ban(client.getAddress(), services.limits().banSeconds() * 1000L);
        }
        ctx.flush();
        ctx.close();
    }

    // --- difficulty ------------------------------------------------------------------------------

    private void retarget(V2Channel c, double proposed) {
        if (!Double.isNaN(proposed)) {
            changeDifficulty(c, c.difficulty.clamp(proposed, services.jobs().networkDifficulty()), false);
        }
    }

    /**
     * SetTarget, then the current work under a job id the channel has not seen, so that shares are
     * credited at the new difficulty from the next job on; jobs sent before stay acceptable at the
     * easier of the two. {@code always}: send SetTarget even when unchanged (an UpdateChannel answer).
     */
    private void changeDifficulty(V2Channel c, double newDifficulty, boolean always) {
        if (!(newDifficulty > 0) || newDifficulty == c.difficulty.current()) {
            if (always) {
                ctx.write(new SetTarget(c.id, target(c.difficulty.current())));
            }
            return;
        }
        JobEntry fresh = services.jobs().reissue(c.payoutKey, c.sentUpTo);
        c.difficulty.set(newDifficulty, fresh == null ? services.jobs().latestSeq() : fresh.seq() - 1);
        ctx.write(new SetTarget(c.id, target(newDifficulty)));
        if (fresh != null) {
            send(c, fresh, false);
        }
        c.vardiff.reset(nowNanos());
    }

    static U256 target(double difficulty) {
        return U256.of(Target.ofDifficulty(difficulty).toBigInteger());
    }

    // --- operator actions ------------------------------------------------------------------------

    /** Drain or shutdown: Reconnect (to the public endpoint, or this server again), then close. */
    void reconnect() {
        if (!ctx.channel().isActive()) {
            return;
        }
        String host = services.registry().publicHost();
        Integer port = services.registry().publicPort();
        Reconnect message = host == null ? new Reconnect("", 0)
                : new Reconnect(host, port != null ? port : ((InetSocketAddress) ctx.channel().localAddress()).getPort());
        DisconnectEvents.closing(ctx.channel(), "reconnect", "Reconnect sent");
        ctx.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
    }

    /** The admin API's kick: closes the connection (its channels and their extranonces go with it). */
    void kick() {
        if (ctx.channel().isActive()) {
            closing = true;
            DisconnectEvents.closing(ctx.channel(), "kicked", "closed by the operator"); // an action, not a protocol error
            ctx.flush();
            ctx.close();
        }
    }

    // --- read-only views -------------------------------------------------------------------------

    /** The admin API's id of this connection: {@code v2-} and the Netty channel id, unique among live connections. */
    public String connectionId() {
        return "v2-" + ctx.channel().id().asShortText();
    }

    /** True when one of the open channels mines for {@code user}. */
    boolean mines(String user) {
        return channels.values().stream().anyMatch(c -> c.worker.user().equals(user));
    }

    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    public FirmwareLabels firmware() {
        return firmware;
    }

    /** {@code vendor/firmware} from SetupConnection (printable, at most 128 characters), or null. */
    public String userAgent() {
        return userAgent;
    }

    public long connectedAtMillis() {
        return connectedAt;
    }

    public InetSocketAddress clientAddress() {
        return ClientAddress.of(ctx.channel());
    }

    /** The open channels as the API shows them (a snapshot; channels change on the event loop). */
    public List<ChannelView> channels() {
        List<ChannelView> out = new ArrayList<>();
        for (V2Channel c : List.copyOf(channels.values())) {
            out.add(new ChannelView(c.id, c.extended, c.worker, Hex.encode(c.extranonce1), c.difficulty.current(),
                    c.accepted, c.rejected, c.stale, c.acceptedDifficulty, c.lastShareAt, c.bestShare));
        }
        return out;
    }

    /** One channel for statistics: as a V1 session's numbers, per channel. */
    public record ChannelView(long id, boolean extended, Worker worker, String extranonce1, double difficulty, long accepted,
            long rejected, long stale, double acceptedDifficulty, long lastShareMillis, double bestShare) {
    }

    private long nowNanos() {
        return services.clock().millis() * 1_000_000L;
    }

    /** Eight lowercase hex digits, as V1 miners send nTime, nonce and version bits. */
    private static String hex8(long value) {
        return HEX.toHexDigits((int) value);
    }
}
