package io.stratumpool.sim.v2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.CloseChannel;
import io.stratumpool.sv2.message.NewExtendedMiningJob;
import io.stratumpool.sv2.message.NewMiningJob;
import io.stratumpool.sv2.message.OpenExtendedMiningChannel;
import io.stratumpool.sv2.message.OpenExtendedMiningChannelSuccess;
import io.stratumpool.sv2.message.OpenMiningChannelError;
import io.stratumpool.sv2.message.OpenStandardMiningChannel;
import io.stratumpool.sv2.message.OpenStandardMiningChannelSuccess;
import io.stratumpool.sv2.message.Reconnect;
import io.stratumpool.sv2.message.SetExtranoncePrefix;
import io.stratumpool.sv2.message.SetNewPrevHash;
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
import io.stratumpool.sv2.noise.InvalidCertificateException;
import io.stratumpool.sv2.noise.NoiseException;
import io.stratumpool.validator.Target;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The V2 miner's protocol state machine for one connection, on its event loop: SetupConnection,
 * opening the channel, jobs (future ones held until SetNewPrevHash), SetTarget, share submission
 * with sequence numbers and the pool's batched acknowledgements. Publishes {@link V2Work} to the
 * miner's hash loop whenever what to search changes.
 */
final class V2ClientSession extends SimpleChannelInboundHandler<Sv2Message> {
    private static final long REQUEST_ID = 1;
    private static final U256 ANY_TARGET = U256.of(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));

    private final V2Miner miner;
    private final V2MinerOptions options;
    private final Map<Long, V2Job> futureJobs = new LinkedHashMap<>();
    private final Set<Long> validJobIds = new HashSet<>();
    private final NavigableMap<Long, V2Share> pending = new TreeMap<>();
    private Channel channel;
    private long channelId = -1;
    private long groupChannelId = -1;
    private U256 target;
    private Target shareTarget;
    private byte[] extranoncePrefix = new byte[0];
    private int extranonceSize;
    private byte[] prevHash;
    private long nBits;
    private long prevHashMinNtime;
    private V2Job active;
    private long nextSequenceNumber;
    private boolean fixedVersion;
    private boolean handshakeComplete;

    V2ClientSession(V2Miner miner) {
        this.miner = miner;
        this.options = miner.options();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        miner.onConnected(this);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        miner.onClosed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == NoiseClientCodec.HANDSHAKE_COMPLETE) {
            handshakeComplete = true;
            miner.onHandshakeComplete();
            send(new SetupConnection(SetupConnectionFlags.PROTOCOL_MINING, SetupConnectionFlags.VERSION_2,
                    SetupConnectionFlags.VERSION_2, options.setupFlags(), miner.dialHost(), miner.dialPort(), options.vendor(),
                    options.hardwareVersion(), options.firmware(), options.name()));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof InvalidCertificateException e) {
            miner.onFailed("pool certificate refused: " + e.getMessage()); // the message starts with the reason
        } else if (c instanceof NoiseException e) {
            miner.onFailed("noise " + (handshakeComplete ? "transport" : "handshake") + " failed: " + e.getMessage());
        } else if (c instanceof Sv2DecodeException e) {
            miner.onFailed("undecodable frame from the pool: " + e.getMessage());
        } else if (!(c instanceof IOException)) {
            miner.onFailed("unexpected: " + c);
        }
        ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Sv2Message message) {
        miner.onReceived(message);
        if (message instanceof SetupConnectionSuccess m) {
            fixedVersion = (m.flags() & SetupConnectionFlags.REQUIRES_FIXED_VERSION) != 0;
            openChannel();
        } else if (message instanceof SetupConnectionError m) {
            fail("SetupConnection refused: " + m.errorCode() + " (flags 0x" + Long.toHexString(m.flags()) + ")");
        } else if (message instanceof OpenStandardMiningChannelSuccess m) {
            onChannelOpen(m.channelId(), m.groupChannelId(), m.target(), m.extranoncePrefix().toByteArray(), 0);
        } else if (message instanceof OpenExtendedMiningChannelSuccess m) {
            onChannelOpen(m.channelId(), m.groupChannelId(), m.target(), m.extranoncePrefix().toByteArray(), m.extranonceSize());
        } else if (message instanceof OpenMiningChannelError m) {
            fail("channel refused: " + m.errorCode());
        } else if (message instanceof SubmitSharesSuccess m) {
            onSuccess(m);
        } else if (message instanceof SubmitSharesError m) {
            onError(m);
        } else if (message instanceof Reconnect m) {
            miner.reconnect(m.newHost().isEmpty() ? miner.dialHost() : m.newHost(), m.newPort() == 0 ? miner.dialPort() : m.newPort());
        } else {
            onChannelMessage(message);
        }
    }

    private void onChannelMessage(Sv2Message message) {
        if (message instanceof NewMiningJob m && ours(m.channelId())) {
            onJob(V2Job.of(m));
        } else if (message instanceof NewExtendedMiningJob m && ours(m.channelId())) {
            onJob(V2Job.of(m));
        } else if (message instanceof SetNewPrevHash m && ours(m.channelId())) {
            onNewPrevHash(m);
        } else if (message instanceof SetTarget m && m.channelId() == channelId) {
            onTarget(m.maximumTarget());
        } else if (message instanceof SetExtranoncePrefix m && ours(m.channelId())) {
            extranoncePrefix = m.extranoncePrefix().toByteArray();
            publish();
        } else if (message instanceof CloseChannel m && ours(m.channelId())) {
            miner.onChannelClosed(m.reasonCode());
        } else if (!message.channelMessage()) {
            miner.note("ignored " + message);
        }
    }

    /** Messages for our channel, or for the group channel it belongs to (jobs and prev hashes broadcast to the group). */
    private boolean ours(long id) {
        if (id != channelId && id != groupChannelId) {
            miner.note("ignored a message for channel " + id + " (ours: " + channelId + ", group " + groupChannelId + ")");
            return false;
        }
        return true;
    }

    private void openChannel() {
        Sv2Message open = options.channel() == ChannelKind.STANDARD
                ? new OpenStandardMiningChannel(REQUEST_ID, options.user(), options.nominalHashrate(), ANY_TARGET)
                : new OpenExtendedMiningChannel(REQUEST_ID, options.user(), options.nominalHashrate(), ANY_TARGET,
                        options.minExtranonceSize());
        send(open);
    }

    /**
     * A standard channel keeps its extranonce prefix too: an extended job broadcast to its group
     * channel is mined by building the coinbase around that prefix alone (spec 5.2.4).
     */
    private void onChannelOpen(long id, long groupId, U256 channelTarget, byte[] prefix, int size) {
        channelId = id;
        groupChannelId = groupId; // 0 may mean "no group": harmless, one channel per connection
        extranoncePrefix = prefix;
        extranonceSize = size;
        miner.onChannelOpen(id, prefix, size);
        onTarget(channelTarget);
    }

    private void onTarget(U256 newTarget) {
        target = newTarget;
        shareTarget = Target.of(newTarget.toBigInteger());
        miner.onTarget(newTarget);
        publish();
    }

    private void onJob(V2Job job) {
        if (job.future()) {
            futureJobs.put(job.jobId(), job);
            return;
        }
        active = job;
        validJobIds.add(job.jobId());
        publish();
    }

    /**
     * The spec: only the named future job becomes valid. Bitaxe: every future job held becomes
     * valid and the newest is mined, whichever one the message names.
     */
    private void onNewPrevHash(SetNewPrevHash m) {
        prevHash = m.prevHash().toByteArray();
        nBits = m.nbits();
        prevHashMinNtime = m.minNtime();
        validJobIds.clear();
        V2Job chosen;
        if (options.bitaxeFutureJobs()) {
            validJobIds.addAll(futureJobs.keySet());
            chosen = futureJobs.values().stream().reduce((a, b) -> b).orElse(null);
        } else {
            chosen = futureJobs.get(m.jobId());
        }
        if (chosen == null && active != null && active.jobId() == m.jobId()) {
            chosen = active; // the named job arrived earlier as a non-future job
        }
        futureJobs.clear();
        if (chosen == null) {
            miner.note("SetNewPrevHash names job " + m.jobId() + ", which this miner does not hold: idle until a job arrives");
        } else {
            validJobIds.add(chosen.jobId());
        }
        active = chosen;
        publish();
    }

    private void publish() {
        if (channelId < 0 || prevHash == null || active == null || target == null) {
            miner.publishWork(null);
            return;
        }
        long jobMin = active.minNtime().orElse(prevHashMinNtime);
        long now = options.clock().instant().getEpochSecond();
        long nTime = Math.max(Math.max(jobMin, prevHashMinNtime), now) & 0xffffffffL;
        Target network = Target.ofCompact(nBits);
        miner.publishWork(new V2Work(channelId, active, prevHash, nBits, nTime, target, shareTarget,
                network, extranoncePrefix, extranonceSize, rollingMask(active)));
    }

    /** Bitaxe rolls whatever the pool says; a miner following the spec honours REQUIRES_FIXED_VERSION and the job's flag. */
    private long rollingMask(V2Job job) {
        boolean allowed = options.alwaysRollVersion() || !fixedVersion && job.versionRollingAllowed();
        return allowed ? options.versionMask() : 0;
    }

    /** On the event loop: sends a share the hash loop found, unless it went stale or below a raised target meanwhile. */
    void submitFound(V2Share found) {
        if (!channel.isActive() || found.channelId() != channelId || !validJobIds.contains(found.jobId())
                || !(shareTarget.isMetBy(found.hash(), 0) || found.block())) {
            miner.onShareDropped(found);
            return;
        }
        submit(found);
    }

    /** On the event loop: sends a share as it is, with the channel's next sequence number. */
    V2Share submit(V2Share found) {
        V2Share share = found.withSequenceNumber(nextSequenceNumber++ & 0xffffffffL);
        pending.put(share.sequenceNumber(), share);
        miner.onSubmitted(share);
        send(share.extranonce().length() == 0 && options.channel() == ChannelKind.STANDARD
                ? new SubmitSharesStandard(channelId, share.sequenceNumber(), share.jobId(), share.nonce(), share.ntime(), share.version())
                : new SubmitSharesExtended(channelId, share.sequenceNumber(), share.jobId(), share.nonce(), share.ntime(),
                        share.version(), share.extranonce()));
        return share;
    }

    private void onSuccess(SubmitSharesSuccess m) {
        NavigableMap<Long, V2Share> acknowledged = pending.headMap(m.lastSequenceNumber(), true);
        if (acknowledged.size() != m.newSubmitsAcceptedCount()) {
            miner.note("SubmitShares.Success counts " + m.newSubmitsAcceptedCount() + " shares up to sequence "
                    + m.lastSequenceNumber() + ", " + acknowledged.size() + " were awaiting it");
        }
        acknowledged.values().forEach(miner::onAccepted);
        acknowledged.clear();
    }

    private void onError(SubmitSharesError m) {
        V2Share share = pending.remove(m.sequenceNumber());
        if (share == null) {
            miner.note("SubmitShares.Error for sequence " + m.sequenceNumber() + ", which is not awaiting an answer");
            return;
        }
        miner.onRejected(share, m.errorCode());
    }

    /** On the event loop: announces a new nominal hashrate. */
    void updateChannel(float nominalHashrate) {
        if (channelId >= 0) {
            send(new UpdateChannel(channelId, nominalHashrate, ANY_TARGET));
        }
    }

    private void fail(String reason) {
        miner.onFailed(reason);
        channel.close();
    }

    void send(Sv2Message message) {
        miner.onSent(message);
        channel.writeAndFlush(message);
    }

    Channel channel() {
        return channel;
    }
}
