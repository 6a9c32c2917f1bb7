package io.stratumpool.sim.v2;

import static io.stratumpool.sim.v2.ScriptedPool.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.OpenExtendedMiningChannel;
import io.stratumpool.sv2.message.OpenStandardMiningChannel;
import io.stratumpool.sv2.message.SetupConnectionFlags;
import io.stratumpool.sv2.message.SubmitSharesExtended;
import io.stratumpool.sv2.message.SubmitSharesStandard;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.validator.Target;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The V2 miner against a scripted pool side: setup, both channel kinds, and its shares checked by share-validator. */
class V2MinerTest {
    /** One share in 4096 hashes. */
    static final U256 EASY = ScriptedPool.target(244);

    private final SimRuntime runtime = new SimRuntime(1, 1);
    private FakeV2Pool pool;
    private V2Miner miner;

    @AfterEach
    void tearDown() throws Exception {
        if (miner != null) {
            miner.close();
        }
        if (pool != null) {
            pool.close();
        }
        runtime.close();
    }

    private V2Miner start(ChannelKind kind) throws Exception {
        pool = new FakeV2Pool();
        miner = new V2Miner(runtime, V2MinerOptions.builder("127.0.0.1", pool.port()).authorityKey(pool.authorityKey())
                .channel(kind).user("alice.bitaxe1").nominalHashrate(5e5f).hashrate(200_000).build());
        miner.start();
        return miner;
    }

    @Test
    void setsUpLikeBitaxeWithoutVersionRollingFlagAndEmptyFirmware() throws Exception {
        start(ChannelKind.EXTENDED);
        ScriptedPool side = ScriptedPool.open(pool, EASY);

        assertEquals(SetupConnectionFlags.PROTOCOL_MINING, side.setup.protocol());
        assertEquals(2, side.setup.minVersion());
        assertEquals(2, side.setup.maxVersion());
        assertEquals(0, side.setup.flags() & SetupConnectionFlags.REQUIRES_VERSION_ROLLING, "Bitaxe never sets it");
        assertEquals("", side.setup.firmware());
        OpenExtendedMiningChannel open = (OpenExtendedMiningChannel) side.open;
        assertEquals("alice.bitaxe1", open.userIdentity());
        assertEquals(5e5f, open.nominalHashRate());
        assertEquals(4, open.minExtranonceSize());
        assertTrue(miner.await(m -> m.channelId().isPresent(), TIMEOUT), miner.describe(30));
        assertEquals(ScriptedPool.CHANNEL_ID, miner.channelId().getAsLong());
        assertArrayEquals(ScriptedPool.EXTRANONCE_PREFIX, miner.extranoncePrefix());
        assertEquals(List.of("SetupConnectionSuccess", "OpenExtendedMiningChannelSuccess"), miner.receivedTypes());
    }

    @Test
    void minesOnAStandardChannelSharesThatMeetTheTargetAndHashCorrectly() throws Exception {
        start(ChannelKind.STANDARD);
        ScriptedPool side = ScriptedPool.open(pool, EASY);
        assertTrue(side.open instanceof OpenStandardMiningChannel);
        side.sendJob(1, true);
        side.sendPrevHash(1, (byte) 0x55);

        assertTrue(miner.awaitMining(TIMEOUT), miner.describe(30));
        assertTrue(miner.awaitAccepted(5, TIMEOUT), miner.describe(30));

        Target easy = Target.of(EASY.toBigInteger());
        boolean rolled = false;
        for (V2Share share : miner.acceptedShares()) {
            assertEquals(1, share.jobId());
            assertEquals(0, share.extranonce().length(), "a standard channel has no extranonce");
            assertEquals(EASY, share.target());
            assertTrue(easy.isMetBy(share.hash(), 0), share.toString());
            assertEquals(ScriptedPool.JOB_VERSION, share.version() & ~V2MinerOptions.BIP320_MASK, "only BIP320 bits rolled");
            rolled |= (share.version() & V2MinerOptions.BIP320_MASK) != 0;
        }
        assertTrue(rolled, "rolls version bits like Bitaxe");
        assertTrue(side.invalidShares.isEmpty(), "the pool found every share valid: " + side.invalidShares);
        assertSameShares(List.copyOf(side.validShares).subList(0, 5), miner.acceptedShares().subList(0, 5));
    }

    @Test
    void minesOnAnExtendedChannelWithItsOwnExtranonceAfterThePoolsPrefix() throws Exception {
        start(ChannelKind.EXTENDED);
        ScriptedPool side = ScriptedPool.open(pool, EASY);
        side.sendJob(1, true);
        side.sendPrevHash(1, (byte) 0x66);

        assertTrue(miner.awaitAccepted(5, TIMEOUT), miner.describe(30));

        Target easy = Target.of(EASY.toBigInteger());
        for (V2Share share : miner.acceptedShares()) {
            assertEquals(ScriptedPool.EXTRANONCE_SIZE, share.extranonce().length());
            assertTrue(easy.isMetBy(share.hash(), 0), share.toString());
        }
        for (Sv2Message m : side.validShares) {
            SubmitSharesExtended s = (SubmitSharesExtended) m;
            assertTrue(easy.isMetBy(side.headerHash(s), 0), "pool-side hash of " + s);
        }
        assertTrue(side.invalidShares.isEmpty(), "the pool found every share valid: " + side.invalidShares);
        assertSameShares(List.copyOf(side.validShares).subList(0, 5), miner.acceptedShares().subList(0, 5));
        assertEquals(0, miner.rejected());
    }

    @Test
    void aStandardChannelMinesAnExtendedJobBroadcastToItsGroup() throws Exception {
        start(ChannelKind.STANDARD);
        ScriptedPool side = ScriptedPool.open(pool, EASY);
        side.sendGroupJob(4, true);
        side.sendPrevHash(ScriptedPool.GROUP_CHANNEL_ID, 4, (byte) 0x56);

        assertTrue(miner.awaitAccepted(3, TIMEOUT), miner.describe(30));
        assertTrue(side.invalidShares.isEmpty(), "roots agree with the pool's: " + side.invalidShares);
        for (Sv2Message m : side.validShares) {
            SubmitSharesStandard s = (SubmitSharesStandard) m;
            assertEquals(ScriptedPool.CHANNEL_ID, s.channelId(), "submitted on its own channel");
            assertEquals(4, s.jobId());
        }
    }

    /** What the pool's ledger holds equals what the miner says was accepted, field by field. */
    static void assertSameShares(List<Sv2Message> poolSide, List<V2Share> minerSide) {
        assertEquals(poolSide.size(), minerSide.size());
        for (int i = 0; i < poolSide.size(); i++) {
            V2Share mine = minerSide.get(i);
            Sv2Message theirs = poolSide.get(i);
            if (theirs instanceof SubmitSharesExtended s) {
                assertEquals(List.of(s.sequenceNumber(), s.jobId(), s.nonce(), s.ntime(), s.version()),
                        List.of(mine.sequenceNumber(), mine.jobId(), mine.nonce(), mine.ntime(), mine.version()));
                assertEquals(s.extranonce(), mine.extranonce());
            } else {
                SubmitSharesStandard s = (SubmitSharesStandard) theirs;
                assertEquals(List.of(s.sequenceNumber(), s.jobId(), s.nonce(), s.ntime(), s.version()),
                        List.of(mine.sequenceNumber(), mine.jobId(), mine.nonce(), mine.ntime(), mine.version()));
            }
        }
    }

    @Test
    void holdsAFutureJobUntilSetNewPrevHash() throws Exception {
        start(ChannelKind.STANDARD);
        ScriptedPool side = ScriptedPool.open(pool, EASY);
        side.sendJob(3, true);
        assertTrue(miner.await(m -> m.receivedTypes().contains("NewMiningJob"), TIMEOUT));
        assertFalse(miner.currentJobId().isPresent(), "a future job is not mined before its prev hash");
        assertEquals(0, miner.submitted());

        side.sendPrevHash(3, (byte) 0x11);
        assertTrue(miner.awaitAccepted(2, TIMEOUT), miner.describe(30));
        assertEquals(3, miner.currentJobId().getAsLong());
        assertEquals(List.of(3L, 3L), ScriptedPool.jobIds(List.copyOf(side.validShares).subList(0, 2)));
    }

    @Test
    void aNonFutureJobReplacesTheActiveOneUnderTheSamePrevHash() throws Exception {
        start(ChannelKind.EXTENDED);
        ScriptedPool side = ScriptedPool.open(pool, EASY);
        side.sendJob(1, true);
        side.sendPrevHash(1, (byte) 0x22);
        assertTrue(miner.awaitAccepted(1, TIMEOUT), miner.describe(30));

        side.sendJob(2, false);
        assertTrue(miner.await(m -> m.acceptedShares().stream().anyMatch(s -> s.jobId() == 2), TIMEOUT),
                miner.describe(30));
        assertEquals(2, miner.currentJobId().getAsLong());
    }

    @Test
    void keepsMiningTheActiveJobWhileAFutureJobWaitsForItsPrevHash() throws Exception {
        start(ChannelKind.EXTENDED);
        ScriptedPool side = ScriptedPool.open(pool, EASY);
        side.sendJob(1, true);
        side.sendPrevHash(1, (byte) 0x21);
        assertTrue(miner.awaitAccepted(1, TIMEOUT), miner.describe(30));

        side.sendJob(2, true);
        assertTrue(miner.await(m -> m.receivedTypes().stream().filter("NewExtendedMiningJob"::equals).count() == 2, TIMEOUT));
        long acceptedBefore = miner.accepted();
        assertTrue(miner.awaitAccepted(acceptedBefore + 2, TIMEOUT), miner.describe(30));
        assertEquals(1, miner.currentJobId().getAsLong(), "the future job is held, not mined");
        assertTrue(miner.acceptedShares().stream().allMatch(s -> s.jobId() == 1), miner.acceptedShares().toString());

        side.sendPrevHash(2, (byte) 0x22);
        assertTrue(miner.await(m -> m.acceptedShares().stream().anyMatch(s -> s.jobId() == 2), TIMEOUT), miner.describe(30));
        assertEquals(2, miner.currentJobId().getAsLong());
    }

    @Test
    void followingTheSpecItMinesTheFutureJobSetNewPrevHashNames() throws Exception {
        pool = new FakeV2Pool();
        miner = new V2Miner(runtime, V2MinerOptions.builder("127.0.0.1", pool.port()).authorityKey(pool.authorityKey())
                .channel(ChannelKind.EXTENDED).hashrate(200_000).bitaxeFutureJobs(false).build());
        miner.start();
        ScriptedPool side = ScriptedPool.open(pool, EASY);
        side.sendJob(10, true);
        side.sendJob(11, true);
        side.sendPrevHash(10, (byte) 0x33);

        assertTrue(miner.awaitAccepted(2, TIMEOUT), miner.describe(30));
        assertEquals(10, miner.currentJobId().getAsLong());
        assertTrue(miner.acceptedShares().stream().allMatch(s -> s.jobId() == 10), miner.acceptedShares().toString());
    }

    @Test
    void likeBitaxeItActivatesEveryFutureJobAndMinesTheNewest() throws Exception {
        start(ChannelKind.EXTENDED);
        ScriptedPool side = ScriptedPool.open(pool, EASY);
        side.sendJob(10, true);
        side.sendJob(11, true);
        side.sendPrevHash(10, (byte) 0x33);

        assertTrue(miner.awaitSubmitted(1, TIMEOUT), miner.describe(30));
        assertEquals(11, miner.currentJobId().getAsLong(), "the job SetNewPrevHash named was 10");
    }
}
