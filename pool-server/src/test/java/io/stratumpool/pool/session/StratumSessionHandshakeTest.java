package io.stratumpool.pool.session;

import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.stratum.NotifyLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.config.PortConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The setup exchanges, line for line, as real firmware sends them (shared/vectors/firmware-transcripts.md). */
class StratumSessionHandshakeTest {

    @Test
    void bitaxeConfigureFirstGetsTheGrantedMaskAndMiningStartsAfterAuthorize() {
        SessionFixture f = new SessionFixture();
        assertEquals(List.of("{\"id\":1,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"},\"error\":null}"),
                f.send("{\"id\": 1, \"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], {\"version-rolling.mask\": \"ffffffff\"}]}"));
        assertEquals(List.of("{\"id\":2,\"result\":[[[\"mining.set_difficulty\",\"00000000\"],[\"mining.notify\",\"00000000\"]],\"00000000\",8],\"error\":null}"),
                f.send("{\"id\": 2, \"method\": \"mining.subscribe\", \"params\": [\"bitaxe/BM1368/v2.9.0b3-24-gdd577d0\"]}"));
        List<String> afterAuthorize = f.send("{\"id\": 3, \"method\": \"mining.authorize\", \"params\": [\"alice.bitaxe\", \"x\"]}");
        assertEquals(List.of("{\"id\":3,\"result\":true,\"error\":null}",
                "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.000001]}",
                NotifyLines.text(f.currentJob(), true).trim()), afterAuthorize);
    }

    @Test
    void whatsminerGetsExactlyTheKeysItRequested() {
        SessionFixture f = new SessionFixture();
        assertEquals(List.of("{\"id\":196,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"},\"error\":null}"),
                f.send("{\"id\": 196, \"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], {\"version-rolling.mask\": \"1fffe000\"}]}"));
    }

    @Test
    void braiinsBitCountAndNarrowMasksAreGrantedTheOverlap() {
        SessionFixture f = new SessionFixture();
        assertEquals(List.of("{\"id\":1,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"},\"error\":null}"),
                f.send("{\"id\": 1, \"method\": \"mining.configure\", \"params\": [[\"version-rolling\"], {\"version-rolling.bit-count\": 2, \"version-rolling.mask\": \"ffffffff\"}]}"));
        SessionFixture narrow = new SessionFixture();
        assertEquals(List.of("{\"id\":1,\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"00006000\"},\"error\":null}"),
                narrow.send("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"00007000\"}]}"));
    }

    @Test
    void configureAnswersUnknownOrImpossibleExtensionsWithFalse() {
        SessionFixture f = new SessionFixture();
        assertEquals(List.of("{\"id\":1,\"result\":{\"version-rolling\":false,\"info\":false,\"minimum-difficulty\":true},\"error\":null}"),
                f.send("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\",\"info\",\"minimum-difficulty\"],"
                        + "{\"version-rolling.mask\":\"e0000000\",\"minimum-difficulty.value\":0.5}]}"));
        assertEquals(List.of("{\"id\":2,\"result\":null,\"error\":[20,\"mining.configure needs a list of extensions\",null]}"),
                f.send("{\"id\":2,\"method\":\"mining.configure\",\"params\":[]}"));
    }

    @Test
    void authorizeBeforeSubscribeStartsMiningAtSubscribe() {
        SessionFixture f = new SessionFixture();
        assertEquals(List.of("{\"id\":2,\"result\":true,\"error\":null}"),
                f.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"alice.rig\",\"x\"]}"));
        List<String> lines = f.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"cpuminer/2.5.1\"]}");
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("{\"id\":1,\"result\":[[[\"mining.set_difficulty\""));
        assertTrue(lines.get(1).contains("mining.set_difficulty"));
        assertTrue(lines.get(2).contains("mining.notify"));
    }

    @Test
    void earlySuggestionIsKeptAndAppliedAtAuthorize() {
        SessionFixture f = new SessionFixture();
        f.send("{\"id\":197,\"method\":\"mining.subscribe\",\"params\":[\"whatsminer/v1.0\",\"ae6812eb4cd7735a302a8a9dd95cf71f\"]}");
        assertEquals(List.of("{\"id\":198,\"result\":true,\"error\":null}"),
                f.send("{\"id\":198,\"method\":\"mining.suggest_difficulty\",\"params\":[0.00015]}"));
        List<String> lines = f.send("{\"id\":199,\"method\":\"mining.authorize\",\"params\":[\"alice.m30\",\"x\"]}");
        assertEquals("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.00015]}", lines.get(1));
    }

    @Test
    void suggestionIsClampedToThePortAndTheNetwork() {
        SessionFixture f = new SessionFixture(new PortConfig(3333, 0.0001, 0.0001, 1e6, 10.0, 30, 90.0, true));
        f.handshake();
        List<String> low = f.send("{\"id\":4,\"method\":\"mining.suggest_difficulty\",\"params\":[0.00000001]}");
        assertEquals(List.of("{\"id\":4,\"result\":true,\"error\":null}"), low, "already at the port minimum: no change");
        List<String> high = f.send("{\"id\":5,\"method\":\"mining.suggest_difficulty\",\"params\":[4000]}");
        assertEquals(io.stratumpool.pool.stratum.StratumMessages.setDifficulty(f.jobs.networkDifficulty()).trim(), high.get(0),
                "clamped to the network difficulty");
    }

    @Test
    void passwordDifficultyPinsTheConnection() {
        SessionFixture f = new SessionFixture();
        f.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        List<String> lines = f.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"alice.rig\",\"x,d=0.0005\"]}");
        assertEquals("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.0005]}", lines.get(1));
        assertEquals(List.of("{\"id\":3,\"result\":true,\"error\":null}"),
                f.send("{\"id\":3,\"method\":\"mining.suggest_difficulty\",\"params\":[0.0001]}"), "ignored: pinned");
    }

    @Test
    void badWorkerNamesAreUnauthorizedWithCode24() {
        SessionFixture f = new SessionFixture();
        assertEquals(List.of("{\"id\":3,\"result\":null,\"error\":[24,\"Unauthorized worker: use user.worker with letters, digits, '_' and '-'\",null]}"),
                f.send("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"bad name!\",\"x\"]}"));
        assertEquals(List.of("{\"id\":4,\"result\":null,\"error\":[24,\"Unauthorized worker: this user is banned\",null]}"),
                f.send("{\"id\":4,\"method\":\"mining.authorize\",\"params\":[\"banned1.x\",\"x\"]}"));
    }

    @Test
    void everyOtherMethodGetsOneReply() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        assertEquals(List.of("{\"id\":5,\"result\":true,\"error\":null}"),
                f.send("{\"id\":5,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}"));
        assertEquals(List.of("{\"id\":6,\"result\":true,\"error\":null}"),
                f.send("{\"id\":6,\"method\":\"mining.multi_version\",\"params\":[6]}"));
        assertEquals(List.of("{\"id\":7,\"result\":null,\"error\":[20,\"mining.get_transactions is not supported\",null]}"),
                f.send("{\"id\":7,\"method\":\"mining.get_transactions\",\"params\":[\"1\"]}"));
        assertEquals(List.of("{\"id\":8,\"result\":null,\"error\":[20,\"unknown method mining.dance\",null]}"),
                f.send("{\"id\":8,\"method\":\"mining.dance\",\"params\":[]}"));
        assertEquals(List.of(), f.send("{\"id\":9,\"result\":\"bmminer/2.0.0\",\"error\":null}"), "a client reply needs no answer");
        assertEquals(List.of(), f.send("{\"id\":null,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}"), "no id: no reply");
    }

    @Test
    void extranonceSubscribersGetANewExtranonceWithACleanJob() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        f.send("{\"id\":5,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}");
        f.registry.repartitionExtranonces();
        f.channel.runPendingTasks();
        List<String> lines = f.drain();
        assertEquals("{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"00000001\",8]}", lines.get(0));
        JobEntry reissued = f.jobs.find(Long.toHexString(f.currentJob().seq() + 1)).orElseThrow();
        assertEquals(NotifyLines.text(reissued, true).trim(), lines.get(1), "the current work, clean, under a new job id");
        assertSame(f.currentJob().job(), reissued.job());
    }

    @Test
    void newJobsReachTheSessionWithTheirCleanFlag() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        f.refresh();
        assertEquals(List.of(NotifyLines.text(f.currentJob(), false).trim()), f.drain());
        f.newTip();
        assertEquals(List.of(NotifyLines.text(f.currentJob(), true).trim()), f.drain());
    }

    @Test
    void jobRejectedByTheNodesProposalIsNeverBroadcast() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        String before = f.currentJob().jobId();
        f.source.rejectProposals("bad-txnmrklroot");
        f.newTip();
        assertEquals(List.of(), f.drain());
        assertEquals(before, f.currentJob().jobId());
        assertEquals(1, f.jobs.rejectedJobs());
    }

    @Test
    void connectionThatNeverAuthorizesIsClosed() {
        SessionFixture f = new SessionFixture();
        f.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        f.channel.advanceTimeBy(59, TimeUnit.SECONDS);
        f.channel.runScheduledPendingTasks();
        assertTrue(f.channel.isOpen());
        f.channel.advanceTimeBy(2, TimeUnit.SECONDS);
        f.channel.runScheduledPendingTasks();
        assertFalse(f.channel.isOpen());
    }

    @Test
    void aMinerSilentForTheIdleTimeoutIsClosed() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        f.channel.advanceTimeBy(599, TimeUnit.SECONDS); // the default idle timeout is 600 s
        f.channel.runScheduledPendingTasks();
        assertTrue(f.channel.isOpen());
        f.channel.advanceTimeBy(2, TimeUnit.SECONDS);
        f.channel.runScheduledPendingTasks();
        assertFalse(f.channel.isOpen());
    }

    @Test
    void everyRequestRestartsTheIdleCount() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        for (int i = 0; i < 3; i++) {
            f.channel.advanceTimeBy(500, TimeUnit.SECONDS);
            f.channel.runScheduledPendingTasks();
            f.send("{\"id\":" + (10 + i) + ",\"method\":\"mining.ping\",\"params\":[]}");
        }
        assertTrue(f.channel.isOpen(), "1,500 s connected, never 600 s silent");
        f.channel.advanceTimeBy(601, TimeUnit.SECONDS);
        f.channel.runScheduledPendingTasks();
        assertFalse(f.channel.isOpen());
    }

    @Test
    void theTickerForgetsAClosedConnection() {
        PortConfig port = new PortConfig(3333, 0.000001, 1e-9, 1e6, 10.0, 30, 90.0, true);
        SessionTicker ticker = new SessionTicker(port, io.stratumpool.pool.config.LimitsConfig.defaults());
        SessionFixture f = new SessionFixture(port, ticker);
        f.handshake();
        assertEquals(1, ticker.size());
        f.channel.close();
        f.channel.runPendingTasks();
        assertEquals(0, ticker.size());
        assertEquals(1_000, ticker.tickMillis());
        assertEquals(600, ticker.idleTicks());
        assertEquals(60, ticker.authorizeTicks());
        assertEquals(30, ticker.vardiffTicks());
    }

    @Test
    void resumedSessionGetsItsExtranonceAndDifficultyBack() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        f.send("{\"id\":4,\"method\":\"mining.suggest_difficulty\",\"params\":[0.0002]}");
        f.channel.close();
        f.clock.advance(Duration.ofSeconds(5));
        var second = new io.netty.channel.embedded.EmbeddedChannel(new io.stratumpool.pool.stratum.StratumEncoder(),
                new StratumSession(new SessionServices(new PortConfig(3333, 0.000001, 1e-9, 1e6, 10.0, 30, 90.0, true),
                        io.stratumpool.pool.config.LimitsConfig.defaults(), 0x1fffe000L, f.registry, f.jobs, f.shares, f.metrics,
                        f.clock, u -> null)));
        byte[] line = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"bmminer/2.0.0\",\"00000000\"]}".getBytes();
        second.writeInbound(io.stratumpool.pool.stratum.StratumDecoder.parse(line, 0, line.length));
        byte[] auth = "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"alice.rig1\",\"x\"]}".getBytes();
        second.writeInbound(io.stratumpool.pool.stratum.StratumDecoder.parse(auth, 0, auth.length));
        StringBuilder out = new StringBuilder();
        for (Object o = second.readOutbound(); o != null; o = second.readOutbound()) {
            out.append(((io.netty.buffer.ByteBuf) o).toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(out.toString().contains("\"00000000\",8]"), out.toString());
        assertTrue(out.toString().contains("\"mining.set_difficulty\",\"params\":[0.0002]"), out.toString());
    }
}
