package io.stratumpool.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.NewExtendedMiningJob;
import io.stratumpool.sv2.message.NewMiningJob;
import io.stratumpool.sv2.message.OpenExtendedMiningChannel;
import io.stratumpool.sv2.message.OpenExtendedMiningChannelSuccess;
import io.stratumpool.sv2.message.OpenStandardMiningChannel;
import io.stratumpool.sv2.message.OpenStandardMiningChannelSuccess;
import io.stratumpool.sv2.message.SetNewPrevHash;
import io.stratumpool.sv2.message.SetupConnection;
import io.stratumpool.sv2.message.SetupConnectionFlags;
import io.stratumpool.sv2.message.SetupConnectionSuccess;
import io.stratumpool.sv2.message.SubmitSharesError;
import io.stratumpool.sv2.message.SubmitSharesExtended;
import io.stratumpool.sv2.message.SubmitSharesStandard;
import io.stratumpool.sv2.message.SubmitSharesSuccess;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.sv2.message.Sv2Messages;
import io.stratumpool.sv2.noise.EncryptedFrameReader;
import io.stratumpool.sv2.noise.NoiseInitiator;
import io.stratumpool.sv2.noise.NoiseResponder;
import io.stratumpool.sv2.noise.NoiseSession;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * One simulated Stratum V2 miner of the load generator, the counterpart of {@link LoadConnection}:
 * the Noise NX handshake (the pool's certificate checked against the authority key), SetupConnection,
 * one standard or extended channel, then, when the fleet submits, {@code window} shares in flight,
 * one more for every share a SubmitShares.Success or .Error answers. No hashing: every share has a
 * new nonce (and extranonce on an extended channel), the channel's target is the largest there is.
 * Frames are encrypted and decrypted with the {@code stratum-v2} library, as a real miner's would
 * be. All methods run on its event loop.
 */
final class V2LoadConnection extends ByteToMessageDecoder implements LoadPeer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final U256 MAX_TARGET = U256.of(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));

    private final int index;
    private final FleetState fleet;
    private final boolean extended;
    private final NoiseInitiator initiator;
    private ChannelHandlerContext ctx;
    private NoiseSession session;
    private EncryptedFrameReader reader;
    private long channelId = -1;
    private int extranonceSize;
    private long futureJobId = -1;
    private long jobId = -1;
    private long jobVersion;
    private long nTime;
    private boolean mining;
    private boolean failed;
    private int inFlight;
    private long sequence;
    private long counter;
    private ByteBuf pending;

    V2LoadConnection(int index, FleetState fleet, boolean extended, byte[] authorityKey) {
        this.index = index;
        this.fleet = fleet;
        this.extended = extended;
        this.initiator = new NoiseInitiator(authorityKey, Clock.systemUTC(), RANDOM);
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
    public void channelActive(ChannelHandlerContext context) throws Exception {
        context.writeAndFlush(context.alloc().buffer().writeBytes(initiator.start()));
        super.channelActive(context);
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) throws Exception {
        if (session == null) {
            if (in.readableBytes() < NoiseResponder.MESSAGE_2_LENGTH) {
                return;
            }
            byte[] act2 = new byte[NoiseResponder.MESSAGE_2_LENGTH];
            in.readBytes(act2);
            session = initiator.finish(act2);
            reader = new EncryptedFrameReader(session, 1 << 16);
            onHandshake();
        }
        while (in.readableBytes() >= reader.bytesNeeded()) {
            byte[] chunk = new byte[reader.bytesNeeded()];
            in.readBytes(chunk);
            byte[] frame = reader.accept(chunk);
            if (frame != null) {
                onMessage(Sv2Messages.decodeFrame(frame));
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        flushSubmits();
        super.channelReadComplete(context);
    }

    private void onHandshake() throws Exception {
        String login = "bench.v" + index;
        queue(new SetupConnection(SetupConnectionFlags.PROTOCOL_MINING, SetupConnectionFlags.VERSION_2,
                SetupConnectionFlags.VERSION_2, 0, "127.0.0.1", 0, "stratumpool-load", "", "1.0", ""));
        queue(extended ? new OpenExtendedMiningChannel(1, login, 0f, MAX_TARGET, 0)
                : new OpenStandardMiningChannel(1, login, 0f, MAX_TARGET));
        flushSubmits();
    }

    private void onMessage(Sv2Message message) throws Exception {
        if (message instanceof SubmitSharesSuccess s) {
            inFlight -= (int) s.newSubmitsAcceptedCount();
            fleet.onAccepted(s.newSubmitsAcceptedCount());
            refill();
        } else if (message instanceof SubmitSharesError e) {
            inFlight--;
            fleet.onV2Error(e.errorCode());
            refill();
        } else if (message instanceof NewMiningJob j) {
            onJob(j.jobId(), j.minNtime().isPresent() ? j.minNtime().getAsLong() : -1, j.version());
        } else if (message instanceof NewExtendedMiningJob j) {
            onJob(j.jobId(), j.minNtime().isPresent() ? j.minNtime().getAsLong() : -1, j.version());
        } else if (message instanceof SetNewPrevHash p) {
            onPrevHash(p);
        } else if (message instanceof OpenStandardMiningChannelSuccess s) {
            channelId = s.channelId();
        } else if (message instanceof OpenExtendedMiningChannelSuccess s) {
            channelId = s.channelId();
            extranonceSize = s.extranonceSize();
        } else if (!(message instanceof SetupConnectionSuccess)) {
            fail("unexpected " + message);
        }
    }

    /** A future job (no min_ntime) waits for its SetNewPrevHash; one with min_ntime (a refresh) is active at once. */
    private void onJob(long id, long minNtime, long version) {
        jobVersion = version;
        if (minNtime < 0) {
            futureJobId = id;
            return;
        }
        jobId = id;
        nTime = minNtime;
        if (mining) {
            fleet.onRefreshJob();
        }
    }

    private void onPrevHash(SetNewPrevHash p) {
        if (p.jobId() != futureJobId) {
            fail("SetNewPrevHash for job " + p.jobId() + ", the future job was " + futureJobId);
            return;
        }
        jobId = p.jobId();
        nTime = p.minNtime();
        if (!mining) {
            mining = true;
            fleet.mining.incrementAndGet();
        } else {
            fleet.onCleanNotify(index, System.nanoTime());
        }
    }

    private void refill() throws Exception {
        if (fleet.submitting()) {
            while (inFlight < fleet.window()) {
                queueShare();
            }
        }
    }

    @Override
    public void startSubmitting() {
        if (mining && !failed) {
            try {
                refill();
                flushSubmits();
            } catch (Exception e) {
                fail(e.toString());
            }
        }
    }

    @Override
    public void submitOne() {
        if (mining && !failed) {
            try {
                queueShare();
                flushSubmits();
            } catch (Exception e) {
                fail(e.toString());
            }
        }
    }

    /** Each share takes the next counter value: nonce from its low 32 bits, the extranonce from the rest. */
    private void queueShare() throws Exception {
        long n = counter++;
        long nonce = n & 0xffffffffL;
        long seq = sequence++;
        if (extended) {
            byte[] extranonce = new byte[extranonceSize];
            long high = n >>> 32;
            for (int i = 0; i < Math.min(8, extranonceSize); i++) {
                extranonce[extranonceSize - 1 - i] = (byte) (high >>> (8 * i));
            }
            queue(new SubmitSharesExtended(channelId, seq, jobId, nonce, nTime, jobVersion, Bytes.of(extranonce)));
        } else {
            queue(new SubmitSharesStandard(channelId, seq, jobId, nonce, nTime, jobVersion));
        }
        inFlight++;
    }

    private void queue(Sv2Message message) throws Exception {
        if (pending == null) {
            pending = ctx.alloc().buffer(96 * Math.max(2, fleet.window()));
        }
        pending.writeBytes(session.encryptFrame(Sv2Messages.frame(message)));
    }

    private void flushSubmits() {
        if (pending != null) {
            ByteBuf out = pending;
            pending = null;
            ctx.writeAndFlush(out, ctx.voidPromise());
        }
    }

    private void fail(String why) {
        if (!failed) {
            failed = true;
            fleet.fail(why);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (!mining) {
            fail("closed by the pool before mining");
        } else if (!fleet.closing) {
            fleet.dropped.incrementAndGet();
        }
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (!mining) {
            fail(String.valueOf(cause.getCause() != null ? cause.getCause() : cause));
        }
        context.close();
    }
}
