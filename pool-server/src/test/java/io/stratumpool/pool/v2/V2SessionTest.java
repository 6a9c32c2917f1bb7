package io.stratumpool.pool.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.stratumpool.pool.config.LimitsConfig;
import io.stratumpool.pool.config.PortConfig;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.job.JobFactory;
import io.stratumpool.pool.job.JobManager;
import io.stratumpool.pool.job.PayoutRouting;
import io.stratumpool.pool.ledger.InMemoryShareLedger;
import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.session.ExtranonceAllocator;
import io.stratumpool.pool.session.SessionRegistry;
import io.stratumpool.pool.share.ShareProcessor;
import io.stratumpool.pool.testing.ScriptedTemplateSource;
import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.CloseChannel;
import io.stratumpool.sv2.message.NewExtendedMiningJob;
import io.stratumpool.sv2.message.NewMiningJob;
import io.stratumpool.sv2.message.OpenExtendedMiningChannel;
import io.stratumpool.sv2.message.OpenExtendedMiningChannelSuccess;
import io.stratumpool.sv2.message.OpenStandardMiningChannel;
import io.stratumpool.sv2.message.OpenStandardMiningChannelSuccess;
import io.stratumpool.sv2.message.Reconnect;
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
import io.stratumpool.sv2.message.Sv2Messages;
import io.stratumpool.sv2.message.UpdateChannel;
import io.stratumpool.sv2.message.UpdateChannelError;
import io.stratumpool.sv2.noise.NoiseException;
import io.stratumpool.sv2.noise.NoiseInitiator;
import io.stratumpool.sv2.noise.NoiseResponder;
import io.stratumpool.sv2.noise.NoiseSession;
import io.stratumpool.sv2.noise.PoolKeys;
import io.stratumpool.validator.BlockHeader;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.Sha256d;
import io.stratumpool.validator.Target;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The V2 edge over an {@link EmbeddedChannel}: the real Noise handshake (the library's initiator
 * as the miner), SetupConnection, standard and extended channels against a scripted template
 * source, shares through the real {@link ShareProcessor}, and hostile frames.
 */
class V2SessionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PoolKeys KEYS = PoolKeys.generate(RANDOM);
    /** regtest's nBits: every share is also a block, so block assembly is checked on every share. */
    private static final long EASY_NBITS = 0x207fffffL;
    private static final double SHARE_DIFFICULTY = 1e-7;

    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(ScriptedTemplateSource.NTIME), ZoneOffset.UTC);
    private final PoolMetrics metrics = new PoolMetrics();
    private final ScriptedTemplateSource templates = new ScriptedTemplateSource();
    private final V2Registry registry = new V2Registry(metrics);
    private final JobManager jobs = new JobManager(new JobFactory("/v2-test/", 4, 8),
            PayoutRouting.pool(Hex.decode("0014" + "ab".repeat(20))), templates, registry, clock);
    private final InMemoryShareLedger ledger = new InMemoryShareLedger();
    private final ShareProcessor shares = new ShareProcessor(jobs, templates, ledger, metrics, clock);
    private final SessionRegistry sessions = new SessionRegistry(new ExtranonceAllocator(4, 7, 1), metrics, clock, 100, 100);
    private final V2Services services = new V2Services(
            new PortConfig(0, SHARE_DIFFICULTY, SHARE_DIFFICULTY, 1e6, 10.0, 30, 90.0, false),
            LimitsConfig.defaults(), 0x1fffe000L, registry, sessions, jobs, shares, metrics, clock, user -> null);

    V2SessionTest() {
        templates.start(jobs);
        templates.push(ScriptedTemplateSource.template(200, Hash256.of(new byte[] {1}), EASY_NBITS, 5), true);
    }

    /** The miner's end of one embedded connection. */
    private final class Miner {
        final EmbeddedChannel channel = new EmbeddedChannel(new V2FrameCodec(
                new NoiseResponder(KEYS.staticKeyPair(RANDOM), KEYS.certificate(clock.instant().minusSeconds(60),
                        clock.instant().plus(Duration.ofDays(1)), RANDOM), RANDOM), 16 * 1024), new V2Session(services));
        final NoiseSession noise;
        private byte[] pending = new byte[0];

        Miner() throws NoiseException {
            NoiseInitiator initiator = new NoiseInitiator(KEYS.authorityPublicKey(), clock, RANDOM);
            channel.writeInbound(Unpooled.wrappedBuffer(initiator.start()));
            noise = initiator.finish(outbound());
        }

        void send(Sv2Message message) throws NoiseException {
            sendRaw(noise.encryptFrame(Sv2Messages.frame(message)));
        }

        void sendRaw(byte[] bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        }

        /** Everything the pool wrote since the last call, after due tasks (acks) ran. */
        List<Sv2Message> received() throws Exception {
            channel.runPendingTasks();
            channel.advanceTimeBy(V2Session.ACK_WINDOW_MILLIS + 1, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            byte[] bytes = concat(pending, outbound());
            List<Sv2Message> out = new ArrayList<>();
            int offset = 0;
            while (bytes.length - offset >= NoiseSession.ENCRYPTED_HEADER_LENGTH) {
                byte[] header = noise.decryptHeader(bytes, offset);
                int length = NoiseSession.payloadLength(header);
                int total = NoiseSession.ENCRYPTED_HEADER_LENGTH + NoiseSession.payloadCiphertextLength(length);
                byte[] frame = Arrays.copyOf(header, NoiseSession.HEADER_LENGTH + length);
                System.arraycopy(noise.decryptPayload(bytes, offset + NoiseSession.ENCRYPTED_HEADER_LENGTH, length), 0,
                        frame, NoiseSession.HEADER_LENGTH, length);
                out.add(Sv2Messages.decodeFrame(frame));
                offset += total;
            }
            pending = Arrays.copyOfRange(bytes, offset, bytes.length);
            return out;
        }

        private byte[] outbound() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
                byte[] chunk = new byte[b.readableBytes()];
                b.readBytes(chunk);
                b.release();
                out.writeBytes(chunk);
            }
            return out.toByteArray();
        }

        List<Sv2Message> setUp() throws Exception {
            send(new SetupConnection(0, 2, 2, 0, "", 0, "", "", "", ""));
            return received();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static U256 maxTarget() {
        return U256.of(Target.MAX.toBigInteger());
    }

    @Test
    void setupAcceptsAnEmptyFirmwareStringAndNeverRequiresFixedVersion() throws Exception {
        Miner m = new Miner();
        List<Sv2Message> replies = m.setUp();
        SetupConnectionSuccess ok = assertInstanceOf(SetupConnectionSuccess.class, replies.get(0));
        assertEquals(2, ok.usedVersion());
        assertEquals(0, ok.flags() & SetupConnectionFlags.REQUIRES_FIXED_VERSION, "version rolling is never forbidden");
        assertTrue(m.channel.isActive());
    }

    @Test
    void anotherProtocolGetsSetupConnectionErrorAndTheConnectionCloses() throws Exception {
        Miner m = new Miner();
        m.send(new SetupConnection(1, 2, 2, 0, "", 0, "", "", "", ""));
        SetupConnectionError error = assertInstanceOf(SetupConnectionError.class, m.received().get(0));
        assertEquals("unsupported-protocol", error.errorCode());
        assertFalse(m.channel.isActive());
    }

    @Test
    void aStandardChannelGetsOneFutureJobThenTheSetNewPrevHashNamingItAndTheV1MerkleRoot() throws Exception {
        Miner m = new Miner();
        m.setUp();
        m.send(new OpenStandardMiningChannel(9, "alice.rig1", 1e6f, maxTarget()));
        List<Sv2Message> replies = m.received();
        OpenStandardMiningChannelSuccess open = assertInstanceOf(OpenStandardMiningChannelSuccess.class, replies.get(0));
        assertEquals(9, open.requestId());
        NewMiningJob job = assertInstanceOf(NewMiningJob.class, replies.get(1));
        assertTrue(job.minNtime().isEmpty(), "a future job");
        SetNewPrevHash prev = assertInstanceOf(SetNewPrevHash.class, replies.get(2));
        assertEquals(job.jobId(), prev.jobId(), "SetNewPrevHash activates the one future job sent");
        assertEquals(3, replies.size());
        JobEntry entry = jobs.current().entryFor(null);
        assertEquals(entry.seq(), job.jobId());
        Job v1 = entry.job();
        Hash256 v1Root = Merkle.foldBranch(v1.coinbase().txid(open.extranoncePrefix().toByteArray(), new byte[8]), v1.merkleBranch());
        assertArrayEquals(v1Root.bytes(), job.merkleRoot().toByteArray(), "the V1 coinbase for this extranonce, folded");
        assertArrayEquals(v1.prevHash().bytes(), prev.prevHash().toByteArray());
        assertEquals(v1.nBits(), prev.nbits());

        templates.push(ScriptedTemplateSource.template(200, Hash256.of(new byte[] {1}), EASY_NBITS, 7), false);
        List<Sv2Message> refresh = m.received();
        assertEquals(1, refresh.size(), "a refresh is one job, no SetNewPrevHash: " + refresh);
        assertTrue(assertInstanceOf(NewMiningJob.class, refresh.get(0)).minNtime().isPresent(), "active at once");

        templates.push(ScriptedTemplateSource.template(201, Hash256.of(new byte[] {2}), EASY_NBITS, 3), true);
        List<Sv2Message> tip = m.received();
        assertEquals(2, tip.size(), "a new tip: one future job, then its SetNewPrevHash: " + tip);
        assertEquals(((NewMiningJob) tip.get(0)).jobId(), ((SetNewPrevHash) tip.get(1)).jobId());
    }

    @Test
    void standardSharesAreAcknowledgedInBatchesAndTheirBlockCarriesTheV1Coinbase() throws Exception {
        Miner m = new Miner();
        m.setUp();
        m.send(new OpenStandardMiningChannel(1, "alice.rig1", 0f, maxTarget()));
        List<Sv2Message> replies = m.received();
        OpenStandardMiningChannelSuccess open = (OpenStandardMiningChannelSuccess) replies.get(0);
        NewMiningJob job = (NewMiningJob) replies.get(1);
        SetNewPrevHash prev = (SetNewPrevHash) replies.get(2);
        Target target = Target.of(open.target().toBigInteger());
        List<Long> nonces = solve(job.version(), prev.prevHash().toByteArray(), job.merkleRoot().toByteArray(), prev.minNtime(),
                prev.nbits(), target, 3);
        for (int i = 0; i < nonces.size(); i++) {
            m.send(new SubmitSharesStandard(open.channelId(), 10 + i, job.jobId(), nonces.get(i), prev.minNtime(), job.version()));
        }
        List<Sv2Message> acks = m.received();
        assertEquals(1, acks.size(), "three shares, one SubmitShares.Success: " + acks);
        SubmitSharesSuccess success = (SubmitSharesSuccess) acks.get(0);
        assertEquals(12, success.lastSequenceNumber());
        assertEquals(3, success.newSubmitsAcceptedCount());
        assertEquals(3, ledger.size());
        double credited = Math.min(SHARE_DIFFICULTY, jobs.current().networkDifficulty()); // never above what a block needs
        assertEquals(Target.ofDifficulty(credited), target, "the channel's target is its difficulty's");
        assertEquals(credited, ledger.shares().get(0).difficulty(), 1e-18);
        assertEquals("alice", ledger.shares().get(0).user());

        byte[] block = templates.submitted().get(0).block();
        Job v1 = jobs.current().entryFor(null).job();
        byte[] v1Coinbase = v1.coinbase().forBlock(open.extranoncePrefix().toByteArray(), new byte[8]);
        byte[] blockCoinbase = Arrays.copyOfRange(block, BlockHeader.SIZE + 1, BlockHeader.SIZE + 1 + v1Coinbase.length);
        assertArrayEquals(v1Coinbase, blockCoinbase, "the block's coinbase is the V1 coinbase for the channel's extranonce");

        m.send(new SubmitSharesStandard(open.channelId(), 13, job.jobId(), nonces.get(0), prev.minNtime(), job.version()));
        m.send(new SubmitSharesStandard(open.channelId(), 14, 0xdeadL, nonces.get(0), prev.minNtime(), job.version()));
        m.send(new SubmitSharesStandard(open.channelId(), 15, job.jobId(), nonces.get(0), prev.minNtime(),
                job.version() ^ 0x40000000L));
        m.send(new SubmitSharesStandard(99, 16, job.jobId(), nonces.get(0), prev.minNtime(), job.version()));
        List<String> codes = m.received().stream().map(x -> ((SubmitSharesError) x).errorCode()).toList();
        assertEquals(List.of("duplicate-share", "invalid-job-id", "invalid-version", "invalid-channel-id"), codes);
    }

    @Test
    void anExtendedChannelGetsTheV1CoinbaseAroundItsExtranonceAndItsSharesAreAccepted() throws Exception {
        Miner m = new Miner();
        m.setUp();
        m.send(new OpenExtendedMiningChannel(2, "bob.nerd", 0f, maxTarget(), 4));
        List<Sv2Message> replies = m.received();
        OpenExtendedMiningChannelSuccess open = assertInstanceOf(OpenExtendedMiningChannelSuccess.class, replies.get(0));
        assertEquals(8, open.extranonceSize());
        NewExtendedMiningJob job = assertInstanceOf(NewExtendedMiningJob.class, replies.get(1));
        SetNewPrevHash prev = assertInstanceOf(SetNewPrevHash.class, replies.get(2));
        assertTrue(job.versionRollingAllowed());
        byte[] prefix = open.extranoncePrefix().toByteArray();
        byte[] en2 = Hex.decode("0102030405060708");
        byte[] coinbase = concat(concat(concat(job.coinbaseTxPrefix().toByteArray(), prefix), en2), job.coinbaseTxSuffix().toByteArray());
        Job v1 = jobs.current().entryFor(null).job();
        assertArrayEquals(v1.coinbase().withoutWitness(prefix, en2), coinbase, "prefix ‖ extranonce ‖ suffix is the V1 coinbase");
        Hash256 root = Merkle.foldBranch(Hash256.of(coinbase), job.merklePath().stream().map(u -> Hash256.wrap(u.toByteArray())).toList());
        long rolled = job.version() | 0x00ffe000L; // rolled within BIP320's bits, as firmware does unasked
        List<Long> nonces = solve(rolled, prev.prevHash().toByteArray(), root.bytes(), prev.minNtime(), prev.nbits(),
                Target.of(open.target().toBigInteger()), 1);
        m.send(new SubmitSharesExtended(open.channelId(), 1, job.jobId(), nonces.get(0), prev.minNtime(), rolled, Bytes.of(en2)));
        SubmitSharesSuccess ok = assertInstanceOf(SubmitSharesSuccess.class, m.received().get(0));
        assertEquals(1, ok.lastSequenceNumber());
        m.send(new SubmitSharesExtended(open.channelId(), 2, job.jobId(), nonces.get(0), prev.minNtime(), rolled,
                Bytes.of(new byte[4])));
        assertEquals("invalid-extranonce-size", ((SubmitSharesError) m.received().get(0)).errorCode());
        assertEquals(1, ledger.size());
    }

    @Test
    void updateChannelAnswersWithSetTargetAndCloseChannelGivesTheExtranonceBack() throws Exception {
        Miner m = new Miner();
        m.setUp();
        int live = sessions.extranonces().liveCount();
        m.send(new OpenStandardMiningChannel(1, "erin.rig", 0f, maxTarget()));
        OpenStandardMiningChannelSuccess open = (OpenStandardMiningChannelSuccess) m.received().get(0);
        assertEquals(live + 1, sessions.extranonces().liveCount(), "one extranonce1 from the pool's allocator");
        m.send(new UpdateChannel(open.channelId(), 5e6f, maxTarget()));
        SetTarget target = assertInstanceOf(SetTarget.class, m.received().get(0));
        assertEquals(open.target(), target.maximumTarget(), "a fixed-difficulty port keeps its difficulty");
        m.send(new UpdateChannel(77, 5e6f, maxTarget()));
        assertEquals("invalid-channel-id", assertInstanceOf(UpdateChannelError.class, m.received().get(0)).errorCode());
        m.send(new UpdateChannel(open.channelId(), -1f, maxTarget()));
        assertEquals("invalid-nominal-hashrate", ((UpdateChannelError) m.received().get(0)).errorCode());

        m.send(new CloseChannel(open.channelId(), "bye"));
        assertEquals(live, sessions.extranonces().liveCount(), "given back on CloseChannel");
        m.send(new SubmitSharesStandard(open.channelId(), 1, 1, 0, ScriptedTemplateSource.NTIME, 0x20000000L));
        assertEquals("invalid-channel-id", ((SubmitSharesError) m.received().get(0)).errorCode());
        assertTrue(m.channel.isActive(), "the connection stays");
    }

    @Test
    void drainSendsReconnectToThisServerAndCloses() throws Exception {
        Miner m = new Miner();
        m.setUp();
        m.send(new OpenExtendedMiningChannel(1, "erin.rig", 0f, maxTarget(), 4));
        m.received();
        assertEquals(1, registry.drain(0));
        Reconnect reconnect = assertInstanceOf(Reconnect.class, m.received().get(0));
        assertEquals("", reconnect.newHost(), "empty host, port 0: this same server");
        assertEquals(0, reconnect.newPort());
        assertFalse(m.channel.isActive());
    }

    @Test
    void garbageAfterTheHandshakeClosesTheConnectionCountedAsUndecryptable() throws Exception {
        Miner m = new Miner();
        m.setUp();
        byte[] garbage = new byte[40];
        RANDOM.nextBytes(garbage);
        m.sendRaw(garbage);
        assertFalse(m.channel.isActive());
        assertEquals(1.0, protocolErrors("v2_decrypt_failed"));
    }

    @Test
    void aFrameHeaderOverTheLimitClosesBeforeItsPayloadIsAwaited() throws Exception {
        Miner m = new Miner();
        m.setUp();
        byte[] frame = new byte[NoiseSession.HEADER_LENGTH + 20_000];
        frame[3] = (byte) 20_000;
        frame[4] = (byte) (20_000 >> 8);
        m.sendRaw(Arrays.copyOf(m.noise.encryptFrame(frame), NoiseSession.ENCRYPTED_HEADER_LENGTH)); // the header alone
        assertFalse(m.channel.isActive());
        assertEquals(1.0, protocolErrors("v2_frame_too_large"));
    }

    @Test
    void aTruncatedMessageAndAMessageBeforeSetupEachCloseWithTheirReason() throws Exception {
        Miner truncated = new Miner();
        truncated.sendRaw(truncated.noise.encryptFrame(new byte[] {0, 0, 0, 3, 0, 0, 0, 2, 0}));
        assertFalse(truncated.channel.isActive());
        assertEquals(1.0, protocolErrors("v2_malformed_frame"));

        Miner early = new Miner();
        early.send(new OpenStandardMiningChannel(1, "alice", 0f, maxTarget()));
        assertFalse(early.channel.isActive());
        assertEquals(1.0, protocolErrors("v2_not_set_up"));
    }

    private double protocolErrors(String reason) {
        Matcher matcher = Pattern.compile("stratum_protocol_errors_total\\{reason=\"" + reason + "\"} ([0-9.]+)")
                .matcher(metrics.scrape());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** The first {@code count} nonces whose header meets {@code target}. */
    private static List<Long> solve(long version, byte[] prevHash, byte[] merkleRoot, long ntime, long nbits, Target target,
            int count) {
        List<Long> found = new ArrayList<>();
        byte[] header = new byte[BlockHeader.SIZE];
        for (long nonce = 0; found.size() < count; nonce++) {
            BlockHeader.write(header, version, prevHash, merkleRoot, ntime, nbits, nonce);
            if (target.isMetBy(Sha256d.of(header), 0)) {
                found.add(nonce);
            }
        }
        return found;
    }
}
