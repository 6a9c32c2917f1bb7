package io.stratumpool.sim.v2;

import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.NewExtendedMiningJob;
import io.stratumpool.sv2.message.NewMiningJob;
import io.stratumpool.sv2.message.OpenExtendedMiningChannel;
import io.stratumpool.sv2.message.OpenExtendedMiningChannelSuccess;
import io.stratumpool.sv2.message.OpenStandardMiningChannel;
import io.stratumpool.sv2.message.OpenStandardMiningChannelSuccess;
import io.stratumpool.sv2.message.SetNewPrevHash;
import io.stratumpool.sv2.message.SetTarget;
import io.stratumpool.sv2.message.SetupConnection;
import io.stratumpool.sv2.message.SetupConnectionSuccess;
import io.stratumpool.sv2.message.SubmitSharesError;
import io.stratumpool.sv2.message.SubmitSharesExtended;
import io.stratumpool.sv2.message.SubmitSharesStandard;
import io.stratumpool.sv2.message.SubmitSharesSuccess;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.validator.BlockHeader;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.Sha256d;
import io.stratumpool.validator.Target;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pool's side of one channel, scripted by a test: it answers setup and channel opening, sends
 * jobs built from a real coinbase and merkle path, and checks every share with share-validator's
 * header, merkle and target code, answering Success or Error the way a pool would. Shares it found
 * valid are kept so a test can compare them with what the miner says was accepted.
 */
public final class ScriptedPool {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final long CHANNEL_ID = 7;
    static final long GROUP_CHANNEL_ID = 100;
    static final long JOB_VERSION = 0x20000000L;
    /** Mainnet-like nBits: no share is a block. */
    static final long NBITS_NO_BLOCKS = 0x1703a30cL;
    static final byte[] EXTRANONCE_PREFIX = {0x0a, 0x0b, 0x0c, 0x0d};
    static final int EXTRANONCE_SIZE = 4;

    final FakeV2Connection connection;
    public final List<Sv2Message> validShares = new CopyOnWriteArrayList<>();
    final List<Sv2Message> invalidShares = new CopyOnWriteArrayList<>();
    /** Every share received, valid or not, in the order received. */
    final List<Sv2Message> receivedShares = new CopyOnWriteArrayList<>();
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    public volatile SetupConnection setup;
    public volatile Sv2Message open;
    volatile boolean extended;
    volatile byte[] prevHash = new byte[32];
    volatile long nBits = NBITS_NO_BLOCKS;
    volatile Target target;
    volatile String rejectEverythingWith;
    /** Valid shares acknowledged together by one SubmitShares.Success. */
    volatile int batch = 1;
    volatile boolean versionRollingAllowed = true;
    private int unacknowledged;

    /** A job as the pool keeps it: its coinbase halves and merkle path (standard jobs: the root too). */
    public record Job(long jobId, byte[] prefix, byte[] suffix, List<Hash256> path, Hash256 merkleRoot) {
    }

    ScriptedPool(FakeV2Connection connection) {
        this.connection = connection;
        connection.respondWith(this::answer);
    }

    /** Handshake, SetupConnection and the channel opened at {@code initialTarget}. */
    public static ScriptedPool open(FakeV2Pool pool, U256 initialTarget) throws Exception {
        ScriptedPool side = new ScriptedPool(pool.nextConnection(TIMEOUT));
        side.setup = side.connection.expect(SetupConnection.class, TIMEOUT);
        side.connection.send(new SetupConnectionSuccess(2, 0));
        Sv2Message open = side.connection.expect(Sv2Message.class, TIMEOUT);
        side.open = open;
        side.target = Target.of(initialTarget.toBigInteger());
        if (open instanceof OpenExtendedMiningChannel o) {
            side.extended = true;
            side.connection.send(new OpenExtendedMiningChannelSuccess(o.requestId(), CHANNEL_ID, initialTarget,
                    EXTRANONCE_SIZE, Bytes.of(EXTRANONCE_PREFIX), 0));
        } else if (open instanceof OpenStandardMiningChannel o) {
            side.connection.send(new OpenStandardMiningChannelSuccess(o.requestId(), CHANNEL_ID, initialTarget,
                    Bytes.of(EXTRANONCE_PREFIX), GROUP_CHANNEL_ID));
        } else {
            throw new AssertionError("expected a channel to be opened, the miner sent " + open);
        }
        return side;
    }

    public static U256 target(int log2) {
        return U256.of(BigInteger.ONE.shiftLeft(log2));
    }

    /** Sends a job (future when {@code future}) of the channel's kind, with a coinbase unique to the id. */
    public Job sendJob(long jobId, boolean future) throws IOException {
        byte[] prefix = ("coinbase-prefix-of-job-" + jobId).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] suffix = "coinbase-suffix".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Hash256> path = List.of(Hash256.of(new byte[] {1, (byte) jobId}), Hash256.of(new byte[] {2, (byte) jobId}));
        OptionalLong minNtime = future ? OptionalLong.empty() : OptionalLong.of(FakeV2Pool.NOW.getEpochSecond());
        Job job;
        if (extended) {
            job = new Job(jobId, prefix, suffix, path, null);
            connection.send(new NewExtendedMiningJob(CHANNEL_ID, jobId, minNtime, JOB_VERSION, versionRollingAllowed,
                    path.stream().map(h -> U256.wrap(h.bytes())).toList(), Bytes.of(prefix), Bytes.of(suffix)));
        } else {
            // A standard channel's root: the pool's coinbase with the channel's extranonce prefix.
            Hash256 root = Merkle.foldBranch(Hash256.of(concat(prefix, EXTRANONCE_PREFIX, suffix)), path);
            job = new Job(jobId, prefix, suffix, path, root);
            connection.send(new NewMiningJob(CHANNEL_ID, jobId, minNtime, JOB_VERSION, U256.wrap(root.bytes())));
        }
        jobs.put(jobId, job);
        return job;
    }

    public void sendPrevHash(long jobId, byte firstByte) throws IOException {
        sendPrevHash(CHANNEL_ID, jobId, firstByte);
    }

    void sendPrevHash(long toChannel, long jobId, byte firstByte) throws IOException {
        byte[] hash = new byte[32];
        hash[0] = firstByte;
        prevHash = hash;
        connection.send(new SetNewPrevHash(toChannel, jobId, U256.wrap(hash), FakeV2Pool.NOW.getEpochSecond(), nBits));
    }

    /**
     * An extended job broadcast to a standard channel's group: the miner builds the root from the
     * coinbase and its channel's extranonce prefix; the pool validates standard shares against that root.
     */
    Job sendGroupJob(long jobId, boolean future) throws IOException {
        byte[] prefix = ("group-coinbase-prefix-" + jobId).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] suffix = "group-coinbase-suffix".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Hash256> path = List.of(Hash256.of(new byte[] {3, (byte) jobId}));
        Hash256 root = Merkle.foldBranch(Hash256.of(concat(prefix, EXTRANONCE_PREFIX, suffix)), path);
        Job job = new Job(jobId, prefix, suffix, path, root);
        OptionalLong minNtime = future ? OptionalLong.empty() : OptionalLong.of(FakeV2Pool.NOW.getEpochSecond());
        connection.send(new NewExtendedMiningJob(GROUP_CHANNEL_ID, jobId, minNtime, JOB_VERSION, true,
                path.stream().map(h -> U256.wrap(h.bytes())).toList(), Bytes.of(prefix), Bytes.of(suffix)));
        jobs.put(jobId, job);
        return job;
    }

    void sendTarget(U256 newTarget) throws IOException {
        target = Target.of(newTarget.toBigInteger());
        connection.send(new SetTarget(CHANNEL_ID, newTarget));
    }

    /** The header hash of a submitted share, rebuilt from the pool's own copy of its job. */
    byte[] headerHash(Sv2Message share) {
        long jobId;
        long version;
        long ntime;
        long nonce;
        Hash256 root;
        if (share instanceof SubmitSharesExtended s) {
            Job job = jobs.get(s.jobId());
            if (job == null) {
                return null;
            }
            jobId = s.jobId();
            version = s.version();
            ntime = s.ntime();
            nonce = s.nonce();
            root = Merkle.foldBranch(Hash256.of(concat(job.prefix, EXTRANONCE_PREFIX, s.extranonce().toByteArray(), job.suffix)),
                    job.path);
        } else {
            SubmitSharesStandard s = (SubmitSharesStandard) share;
            Job job = jobs.get(s.jobId());
            if (job == null) {
                return null;
            }
            jobId = s.jobId();
            version = s.version();
            ntime = s.ntime();
            nonce = s.nonce();
            root = job.merkleRoot;
        }
        byte[] header = new byte[BlockHeader.SIZE];
        BlockHeader.write(header, version, prevHash, root.bytes(), ntime, nBits, nonce);
        return Sha256d.of(header);
    }

    private List<Sv2Message> answer(Sv2Message m) {
        if (!(m instanceof SubmitSharesStandard) && !(m instanceof SubmitSharesExtended)) {
            return List.of();
        }
        receivedShares.add(m);
        long sequence = sequenceNumber(m);
        byte[] hash = headerHash(m);
        String error = rejectEverythingWith != null ? rejectEverythingWith
                : hash == null ? "invalid-job-id"
                : !target.isMetBy(hash, 0) ? "difficulty-too-low" : null;
        if (error != null) {
            invalidShares.add(m);
            return List.of(new SubmitSharesError(CHANNEL_ID, sequence, error));
        }
        validShares.add(m);
        if (++unacknowledged < batch) {
            return List.of();
        }
        int count = unacknowledged;
        unacknowledged = 0;
        return List.of(new SubmitSharesSuccess(CHANNEL_ID, sequence, count, count));
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }

    static long sequenceNumber(Sv2Message share) {
        return share instanceof SubmitSharesStandard s ? s.sequenceNumber() : ((SubmitSharesExtended) share).sequenceNumber();
    }

    static List<Long> jobIds(List<Sv2Message> shares) {
        List<Long> ids = new ArrayList<>();
        for (Sv2Message m : shares) {
            ids.add(m instanceof SubmitSharesStandard s ? s.jobId() : ((SubmitSharesExtended) m).jobId());
        }
        return ids;
    }
}
