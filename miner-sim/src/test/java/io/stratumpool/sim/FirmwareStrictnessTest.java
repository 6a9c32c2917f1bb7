package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A pool reply that breaks a real firmware makes the simulated one fail visibly and disconnect. */
class FirmwareStrictnessTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final SharedSimRuntime RUNTIME = new SharedSimRuntime(1, 1);

    @Test
    void whatsminerDisconnectsOnAConfigureKeyItDidNotRequest() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.configure", r -> List.of("{\"id\":196,\"error\":null,\"result\":{\"minimum-difficulty\":false,"
                    + "\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\",\"version-rolling.min-bit-count\":\"00000000\"}}"));
            SimMiner miner = start(pool, FirmwareProfile.WHATSMINER);
            assertFailure(miner, "JSON-RPC unexpected mining.configure value: minimum-difficulty");
            assertTrue(Waits.within(WAIT, () -> pool.connection(0).isClosed()), "the miner closed the connection");
            assertEquals(1, miner.transcript().sent().size(), "it never subscribed");
        }
    }

    @Test
    void niceHashFailsOnAResponseWithoutErrorNull() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.authorize", r -> List.of("{\"id\":" + r.get("id") + ",\"result\":true}"));
            assertFailure(start(pool, FirmwareProfile.NICEHASH), "without \"error\":null on success");
        }
    }

    @Test
    void niceHashFailsOnASuccessWithAnErrorOtherThanNull() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.subscribe", r -> List.of("{\"id\":2,\"result\":[[],\"0a0b0c0d\",4],\"error\":false}"));
            assertFailure(start(pool, FirmwareProfile.NICEHASH), "without \"error\":null on success");
        }
    }

    @Test
    void avalonFailsWhenConfigureIsAnsweredWithTwoLines() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.configure", r -> List.of(
                    "{\"id\":1,\"error\":null,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"}}",
                    "{\"id\":null,\"method\":\"mining.set_version_mask\",\"params\":[\"1fffe000\"]}"));
            assertFailure(start(pool, FirmwareProfile.AVALON), "reads the line after mining.subscribe as its reply");
        }
    }

    @Test
    void avalonFailsWhenVersionRollingIsRefused() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.configure", r -> List.of("{\"id\":1,\"error\":null,\"result\":{\"version-rolling\":false}}"));
            assertFailure(start(pool, FirmwareProfile.AVALON), "no version rolling with a valid mask");
        }
    }

    @Test
    void braiinsFailsWithoutAValidMask() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.configure",
                    r -> List.of("{\"id\":1,\"error\":null,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"fffe\"}}"));
            assertFailure(start(pool, FirmwareProfile.BRAIINS_OS), "no version rolling with a valid mask");
        }
    }

    @Test
    void braiinsGivesUpWhenConfigureIsNeverAnswered() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.configure", r -> List.of());
            SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BRAIINS_OS)
                    .handshakeTimeout(Duration.ofMillis(300)).build());
            miner.start();
            assertFailure(miner, "no reply to mining.configure id 1");
        }
    }

    @Test
    void avalonTreatsAnExtranonceSubscribeErrorAsFatal() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.extranonce.subscribe", r -> List.of(FakePoolConnection.error(r.get("id"), 20, "Not supported")));
            assertFailure(start(pool, FirmwareProfile.AVALON), "JSON extranonce subscribe failed");
        }
    }

    @Test
    void avalonForgivesTheExtranonceSubscribeErrorCgminerKnows() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.extranonce.subscribe", r -> List.of(FakePoolConnection.error(r.get("id"), 20,
                    "Method 'subscribe' not found for service 'mining.extranonce'")));
            SimMiner miner = start(pool, FirmwareProfile.AVALON);
            assertTrue(miner.transcript().await(Transcript.Direction.RECEIVED, l -> l.contains("not found for service"), WAIT)
                    .isPresent());
            assertTrue(miner.awaitMining(WAIT));
            assertEquals(Optional.empty(), miner.failure());
            miner.stop();
        }
    }

    @Test
    void cpuminerFailsWhenTheFirstLineAfterSubscribeIsNotItsReply() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.lineBeforeSubscribeReply = "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[1]}";
            assertFailure(start(pool, FirmwareProfile.CPUMINER), "reads the line after mining.subscribe as its reply");
        }
    }

    @Test
    void bitaxeCannotParseAnErrorObject() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.submit", r -> List.of("{\"result\":false,\"error\":{\"code\":22,\"message\":\"duplicate share\","
                    + "\"data\":null},\"id\":" + r.get("id") + "}"));
            assertFailure(start(pool, FirmwareProfile.BITAXE), "cannot parse error");
        }
    }

    @Test
    void cpuminerNeedsHostAndPortInClientReconnect() throws Exception {
        try (FakePool pool = new FakePool()) {
            SimMiner miner = start(pool, FirmwareProfile.CPUMINER);
            assertTrue(miner.awaitMining(WAIT));
            pool.broadcast("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[]}");
            assertFailure(miner, "client.reconnect without [host, port]");
        }
    }

    @Test
    void cpuminerAppliesANewDifficultyOnlyFromTheNextNotify() throws Exception {
        try (FakePool pool = new FakePool()) {
            SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.CPUMINER).mining(false).build());
            miner.start();
            assertTrue(miner.awaitMining(WAIT));
            pool.connection(0).sendDifficulty(0.5);
            assertTrue(miner.transcript().await(Transcript.Direction.RECEIVED, l -> l.contains("[0.5]"), WAIT).isPresent());
            assertEquals(pool.difficulty, miner.difficulty());
            pool.broadcastJob(false);
            assertTrue(miner.await(m -> m.difficulty() == 0.5, WAIT), () -> "difficulty " + miner.difficulty());
            miner.stop();
        }
    }

    @Test
    void bitaxeIgnoresARepeatedJobIdAndAppliesANewDifficultyOnlyWithANewJob() throws Exception {
        try (FakePool pool = new FakePool()) {
            SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BITAXE).mining(false).build());
            miner.start();
            assertTrue(miner.awaitMining(WAIT));
            String firstJob = miner.job().orElseThrow().jobId();
            pool.connection(0).sendDifficulty(0.5);
            pool.broadcastJob(false); // the same job id again, as pools used to send it
            assertTrue(miner.transcript().await(Transcript.Direction.RECEIVED,
                    l -> l.contains("mining.notify") && l.contains("false]"), WAIT).isPresent());
            pool.broadcast("{\"id\":77,\"method\":\"mining.ping\",\"params\":[]}");
            assertTrue(miner.transcript().await(Transcript.Direction.SENT, l -> l.contains("pong"), WAIT).isPresent(),
                    "the repeated notify was read (the ping behind it was answered)");
            assertEquals(pool.difficulty, miner.difficulty(), "a repeated job id changes nothing");
            assertEquals(firstJob, miner.job().orElseThrow().jobId());
            pool.newJob(pool.currentJob().nBits());
            pool.broadcastJob(false);
            assertTrue(miner.await(m -> m.difficulty() == 0.5, WAIT), () -> "difficulty " + miner.difficulty());
            assertEquals(Optional.empty(), miner.failure());
            miner.stop();
        }
    }

    @Test
    void bitaxeDropsANotifyWhoseCoinbaseHeightIsAnOpcode() throws Exception {
        try (FakePool pool = new FakePool()) {
            SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BITAXE).mining(false).build());
            miner.start();
            assertTrue(miner.awaitMining(WAIT));
            assertEquals(OptionalLong.of(pool.currentJob().height()),
                    miner.job().orElseThrow().pushedHeight(), "a height above 16 is a data push it decodes");
            String before = miner.job().orElseThrow().jobId();
            pool.connection(0).sendNotify(FakeJobs.job("low", pool.currentJob().nBits(), 5), true);
            pool.broadcast("{\"id\":78,\"method\":\"mining.ping\",\"params\":[]}");
            assertTrue(miner.transcript().await(Transcript.Direction.SENT, l -> l.contains("pong"), WAIT).isPresent(),
                    "the notify was read (the ping behind it was answered)");
            assertEquals(before, miner.job().orElseThrow().jobId(), "height 5 (OP_5): the notify is dropped");
            pool.newJob(pool.currentJob().nBits());
            pool.broadcastJob(true);
            assertTrue(miner.await(m -> !m.job().orElseThrow().jobId().equals(before), WAIT), "a data-push height is taken");
            assertEquals(Optional.empty(), miner.failure());
        }
    }

    @Test
    void antminerMatchesAReplyWhoseIdCameBackAsAString() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.replyTo("mining.subscribe", r -> List.of("{\"id\":\"3642\",\"error\":null,\"result\":[[[\"mining.set_difficulty\","
                    + "\"ae68\"],[\"mining.notify\",\"ae68\"]],\"000000000000000000000000000000010001\",14]}"));
            SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.ANTMINER_S9).mining(false).build());
            miner.start();
            assertTrue(miner.awaitMining(WAIT), () -> miner + "\n" + miner.transcript());
            assertEquals("000000000000000000000000000000010001", miner.subscription().orElseThrow().extranonce1Hex());
            assertEquals(14, miner.subscription().orElseThrow().extranonce2Size());
            miner.stop();
        }
    }

    @Test
    void aMalformedNotifyFailsTheMiner() throws Exception {
        try (FakePool pool = new FakePool()) {
            SimMiner miner = start(pool, FirmwareProfile.NERDQAXE);
            assertTrue(miner.awaitMining(WAIT));
            pool.broadcast("{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"9\",\"00\",\"\",\"\",[],\"20000000\","
                    + "\"1d00ffff\",\"65000000\",true]}");
            assertFailure(miner, "mining.notify: bad prevhash");
        }
    }

    @Test
    void anOverlongLineFailsTheMiner() throws Exception {
        try (FakePool pool = new FakePool()) {
            SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BITAXE).maxLineLength(1024).build());
            miner.start();
            assertTrue(miner.awaitMining(WAIT), miner::toString);
            pool.broadcast("{\"id\":null,\"method\":\"client.show_message\",\"params\":[\"" + "x".repeat(2000) + "\"]}");
            assertFailure(miner, "longer than 1024 bytes");
        }
    }

    @Test
    void aPoolThatClosesTheConnectionLeavesTheMinerDisconnectedNotFailed() throws Exception {
        try (FakePool pool = new FakePool()) {
            SimMiner miner = start(pool, FirmwareProfile.BITAXE);
            assertTrue(miner.awaitMining(WAIT));
            pool.connection(0).close();
            assertTrue(miner.awaitState(SimMiner.State.DISCONNECTED, WAIT), miner::toString);
            assertFalse(miner.failure().isPresent());
        }
    }

    private static SimMiner start(FakePool pool, FirmwareProfile profile) {
        SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(profile).build());
        miner.start();
        return miner;
    }

    private static void assertFailure(SimMiner miner, String expectedReason) {
        Optional<String> failure = miner.awaitFailure(WAIT);
        assertTrue(failure.isPresent(), () -> "no failure; transcript:\n" + miner.transcript());
        assertTrue(failure.get().contains(expectedReason), () -> "failure: " + failure.get());
        assertTrue(miner.awaitState(SimMiner.State.FAILED, WAIT));
        miner.stop();
    }
}
