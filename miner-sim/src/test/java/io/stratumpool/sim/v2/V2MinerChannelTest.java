package io.stratumpool.sim.v2;

import static io.stratumpool.sim.v2.ScriptedPool.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sv2.codec.U256;
import io.stratumpool.sv2.message.CloseChannel;
import io.stratumpool.sv2.message.Reconnect;
import io.stratumpool.sv2.message.SubmitSharesExtended;
import io.stratumpool.sv2.message.Sv2Message;
import io.stratumpool.sv2.message.UpdateChannel;
import io.stratumpool.validator.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the pool says during mining: SetTarget, batched and refused shares, blocks, Reconnect, CloseChannel. */
class V2MinerChannelTest {
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

    private ScriptedPool mining(V2MinerOptions.Builder options, U256 target) throws Exception {
        miner = new V2Miner(runtime, options.build());
        miner.start();
        ScriptedPool side = ScriptedPool.open(pool, target);
        side.sendJob(1, true);
        side.sendPrevHash(1, (byte) 0x44);
        assertTrue(miner.awaitMining(TIMEOUT), miner.describe(30));
        return side;
    }

    private V2MinerOptions.Builder options() throws Exception {
        pool = new FakeV2Pool();
        return V2MinerOptions.builder("127.0.0.1", pool.port()).authorityKey(pool.authorityKey()).hashrate(200_000);
    }

    @Test
    void setTargetRaisesTheDifficultyOfEveryLaterShare() throws Exception {
        U256 easy = ScriptedPool.target(246);
        U256 hard = ScriptedPool.target(241);
        ScriptedPool side = mining(options(), easy);
        assertTrue(miner.awaitAccepted(3, TIMEOUT));

        side.sendTarget(hard);
        assertTrue(miner.await(m -> m.acceptedShares().stream().filter(s -> s.target().equals(hard)).count() >= 3, TIMEOUT),
                miner.describe(30));
        assertEquals(hard, miner.target().orElseThrow());

        Target hardTarget = Target.of(hard.toBigInteger());
        long firstAtHard = Long.MAX_VALUE;
        for (V2Share share : miner.acceptedShares()) {
            if (share.target().equals(hard)) {
                assertTrue(hardTarget.isMetBy(share.hash(), 0), share.toString());
                firstAtHard = Math.min(firstAtHard, share.sequenceNumber());
            }
        }
        // Checked on the pool side too, from its own copy of the job: every share sent after the
        // first one at the new target meets it (a miner still at the old one misses it 31 times in 32).
        long first = firstAtHard;
        List<Sv2Message> later = side.receivedShares.stream().filter(m -> ScriptedPool.sequenceNumber(m) >= first).toList();
        assertTrue(later.size() >= 3, later.toString());
        for (Sv2Message m : later) {
            assertTrue(hardTarget.isMetBy(side.headerHash(m), 0), m.toString());
        }
    }

    @Test
    void batchedSuccessAcknowledgesEveryShareUpToItsSequenceNumber() throws Exception {
        V2MinerOptions.Builder o = options();
        miner = new V2Miner(runtime, o.build());
        miner.start();
        ScriptedPool side = ScriptedPool.open(pool, ScriptedPool.target(244));
        side.batch = 3;
        side.sendJob(1, true);
        side.sendPrevHash(1, (byte) 0x44);

        assertTrue(miner.awaitAccepted(6, TIMEOUT), miner.describe(30));
        assertEquals(0, miner.accepted() % 3, "acknowledged three at a time");
        List<Long> sequence = miner.acceptedShares().stream().map(V2Share::sequenceNumber).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), sequence.subList(0, 6));
        assertTrue(miner.transcript().stream().noneMatch(l -> l.contains("were awaiting it")), miner.describe(30));
    }

    @Test
    void refusedSharesAreCountedWithTheirErrorCode() throws Exception {
        V2MinerOptions.Builder o = options();
        miner = new V2Miner(runtime, o.build());
        miner.start();
        ScriptedPool side = ScriptedPool.open(pool, ScriptedPool.target(244));
        side.rejectEverythingWith = "stale-share";
        side.sendJob(1, true);
        side.sendPrevHash(1, (byte) 0x44);

        assertTrue(miner.await(m -> m.rejected() >= 2, TIMEOUT), miner.describe(30));
        assertEquals(0, miner.accepted());
        assertEquals("stale-share", miner.rejectedShares().get(0).errorCode());
        assertEquals(0, miner.rejectedShares().get(0).share().sequenceNumber());
    }

    @Test
    void aShareMeetingNBitsCountsAsABlock() throws Exception {
        long nBits = 0x1f0fffffL; // about 2^244: one share in 64 of a 2^250 target is a block
        V2MinerOptions.Builder o = options();
        miner = new V2Miner(runtime, o.build());
        miner.start();
        ScriptedPool side = ScriptedPool.open(pool, ScriptedPool.target(250));
        side.nBits = nBits;
        side.sendJob(1, true);
        side.sendPrevHash(1, (byte) 0x44);

        assertTrue(miner.await(m -> m.acceptedShares().stream().anyMatch(V2Share::block), TIMEOUT), miner.describe(30));
        assertTrue(miner.blocksFound() >= 1);
        Target network = Target.ofCompact(nBits);
        for (V2Share share : miner.acceptedShares()) {
            assertEquals(share.block(), network.isMetBy(share.hash(), 0), share.toString());
        }
        V2Share block = miner.acceptedShares().stream().filter(V2Share::block).findFirst().orElseThrow();
        Sv2Message poolCopy = side.validShares.stream()
                .filter(m -> ScriptedPool.sequenceNumber(m) == block.sequenceNumber()).findFirst().orElseThrow();
        assertTrue(network.isMetBy(side.headerHash(poolCopy), 0), "the pool's own hash of " + poolCopy);
    }

    @Test
    void followsReconnectToTheNewPortAndAuthenticatesAgain() throws Exception {
        ScriptedPool side = mining(options(), ScriptedPool.target(244));
        try (FakeV2Pool second = new FakeV2Pool(pool.keys)) {
            side.connection.send(new Reconnect("", second.port()));
            ScriptedPool next = ScriptedPool.open(second, ScriptedPool.target(244));
            next.sendJob(5, true);
            next.sendPrevHash(5, (byte) 0x45);
            assertTrue(miner.await(m -> m.acceptedShares().stream().anyMatch(s -> s.jobId() == 5), TIMEOUT),
                    miner.describe(30));
            assertEquals(2, miner.connections());
            assertEquals(second.port(), next.setup.endpointPort());
        }
    }

    @Test
    void withReconnectsItDialsAgainAfterLosingThePool() throws Exception {
        ScriptedPool side = mining(options().reconnect(Duration.ofMillis(50), Duration.ofSeconds(1)), ScriptedPool.target(244));
        side.connection.close();

        ScriptedPool again = ScriptedPool.open(pool, ScriptedPool.target(244));
        again.sendJob(9, true);
        again.sendPrevHash(9, (byte) 0x49);
        assertTrue(miner.await(m -> m.acceptedShares().stream().anyMatch(s -> s.jobId() == 9), TIMEOUT), miner.describe(30));
        assertEquals(2, miner.connections());
        assertEquals(V2Miner.State.MINING, miner.state());
    }

    @Test
    void withoutReconnectsALostPoolLeavesItDisconnected() throws Exception {
        ScriptedPool side = mining(options(), ScriptedPool.target(244));
        side.connection.close();

        assertTrue(miner.awaitState(V2Miner.State.DISCONNECTED, TIMEOUT), miner.describe(30));
        assertEquals(1, miner.connections());
        assertTrue(miner.failure().isEmpty());
    }

    @Test
    void stopsMiningWhenThePoolClosesTheChannel() throws Exception {
        ScriptedPool side = mining(options(), ScriptedPool.target(244));
        side.connection.send(new CloseChannel(ScriptedPool.CHANNEL_ID, "shutting-down"));

        assertTrue(miner.awaitState(V2Miner.State.DISCONNECTED, TIMEOUT), miner.describe(30));
        assertEquals("shutting-down", miner.closeReason().orElseThrow());
        assertTrue(side.connection.awaitClosed(TIMEOUT));
        assertFalse(miner.currentJobId().isPresent());
    }

    @Test
    void announcesANewNominalHashrateWithUpdateChannel() throws Exception {
        ScriptedPool side = mining(options().mining(false), ScriptedPool.target(244));
        miner.updateNominalHashrate(2.5e6f);
        UpdateChannel update = side.connection.expect(UpdateChannel.class, TIMEOUT);
        assertEquals(ScriptedPool.CHANNEL_ID, update.channelId());
        assertEquals(2.5e6f, update.nominalHashRate());
    }

    @Test
    void honoursAJobThatForbidsRollingOnlyWhenNotBehavingLikeBitaxe() throws Exception {
        pool = new FakeV2Pool();
        miner = new V2Miner(runtime, V2MinerOptions.builder("127.0.0.1", pool.port()).authorityKey(pool.authorityKey())
                .hashrate(200_000).alwaysRollVersion(false).build());
        miner.start();
        ScriptedPool side = ScriptedPool.open(pool, ScriptedPool.target(244));
        side.versionRollingAllowed = false;
        side.sendJob(1, true);
        side.sendPrevHash(1, (byte) 0x44);

        assertTrue(miner.awaitAccepted(3, TIMEOUT), miner.describe(30));
        assertTrue(miner.acceptedShares().stream().allMatch(s -> s.version() == ScriptedPool.JOB_VERSION),
                miner.acceptedShares().toString());
    }

    @Test
    void aHandFoundShareCanBeSubmittedTwice() throws Exception {
        ScriptedPool side = mining(options().mining(false), ScriptedPool.target(244));
        V2Share share = miner.findShare(TIMEOUT).orElseThrow();
        V2Share sent = miner.submit(share).get();
        miner.submit(share).get();
        assertEquals(sent, new V2Share(sent.channelId(), sent.sequenceNumber(), sent.jobId(), sent.nonce(), sent.ntime(),
                sent.version(), sent.extranonce(), sent.target(), sent.hash(), sent.block()), "shares compare by value");
        SubmitSharesExtended first = side.connection.expect(SubmitSharesExtended.class, TIMEOUT);
        SubmitSharesExtended second = side.connection.expect(SubmitSharesExtended.class, TIMEOUT);
        assertEquals(first.nonce(), second.nonce());
        assertEquals(first.sequenceNumber() + 1, second.sequenceNumber());
    }
}
