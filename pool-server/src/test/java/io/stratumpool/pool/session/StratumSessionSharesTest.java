package io.stratumpool.pool.session;

import io.stratumpool.pool.stratum.NotifyLines;
import static io.stratumpool.pool.session.SessionFixture.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.config.PortConfig;
import io.stratumpool.pool.job.JobEntry;
import io.stratumpool.pool.testing.ScriptedTemplateSource;
import io.stratumpool.pool.testing.TestMining;
import io.stratumpool.pool.testing.TestMining.Found;
import io.stratumpool.validator.Block;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shares through a session: every reject code, acknowledgement after the ledger, difficulty changes, blocks. */
class StratumSessionSharesTest {
    private static final String EN1 = "00000000";
    private static final String EN2 = "0000000000000001";

    private static Found share(SessionFixture f, JobEntry entry, double meets, Double notMeets) {
        Job job = entry.job();
        Target upper = notMeets == null ? job.networkTarget() : Target.ofDifficulty(notMeets);
        return TestMining.find(job, Hex.decode(EN1), Hex.decode(EN2), job.nTime(), job.version(), Target.ofDifficulty(meets), upper, 0);
    }

    @Test
    void acceptedShareIsAcknowledgedAndRecorded() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        JobEntry job = f.currentJob();
        Found s = share(f, job, 0.000001, null);
        assertEquals(List.of("{\"id\":10,\"result\":true,\"error\":null}"),
                f.send(submit(10, job.jobId(), EN2, job.job().nTime(), s.nonceHex(), null)));
        assertEquals(1, f.ledger.committed.size());
        assertEquals("alice", f.ledger.committed.get(0).user());
        assertEquals("rig1", f.ledger.committed.get(0).worker());
        assertEquals(0.000001, f.ledger.committed.get(0).difficulty());
    }

    @Test
    void everyRejectGetsItsCode() {
        SessionFixture f = new SessionFixture();
        assertEquals(List.of("{\"id\":9,\"result\":null,\"error\":[25,\"Not subscribed\",null]}"),
                f.send(submit(9, "1", EN2, ScriptedTemplateSource.NTIME, "00000000", null)));
        f.send("{\"id\":2,\"method\":\"mining.subscribe\",\"params\":[]}");
        assertEquals(List.of("{\"id\":10,\"result\":null,\"error\":[24,\"Unauthorized worker\",null]}"),
                f.send(submit(10, "1", EN2, ScriptedTemplateSource.NTIME, "00000000", null)));
        f.send("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"alice.rig1\",\"x\"]}");
        f.drain();
        JobEntry job = f.currentJob();
        long ntime = job.job().nTime();
        assertEquals(List.of("{\"id\":11,\"result\":null,\"error\":[21,\"Job not found (stale)\",null]}"),
                f.send(submit(11, "ffff", EN2, ntime, "00000000", null)));
        Found good = share(f, job, 0.000001, null);
        f.send(submit(12, job.jobId(), EN2, ntime, good.nonceHex(), null));
        assertEquals(List.of("{\"id\":13,\"result\":null,\"error\":[22,\"Duplicate share\",null]}"),
                f.send(submit(13, job.jobId(), EN2, ntime, good.nonceHex(), null)));
        Found low = TestMining.find(job.job(), Hex.decode(EN1), Hex.decode(EN2), ntime, job.job().version(), Target.MAX,
                Target.ofDifficulty(0.000001), 0);
        assertEquals(List.of("{\"id\":14,\"result\":null,\"error\":[23,\"Low difficulty share\",null]}"),
                f.send(submit(14, job.jobId(), EN2, ntime, low.nonceHex(), null)));
        assertEquals(List.of("{\"id\":15,\"result\":null,\"error\":[20,\"version bits outside the granted mask\",null]}"),
                f.send(submit(15, job.jobId(), EN2, ntime, "00000001", "20000000")));
        assertTrue(f.send(submit(16, job.jobId(), EN2, ntime + 7001, "00000001", null)).get(0)
                .startsWith("{\"id\":16,\"result\":null,\"error\":[20,\"ntime out of range"));
        assertTrue(f.send(submit(17, job.jobId(), "00", ntime, "00000001", null)).get(0)
                .startsWith("{\"id\":17,\"result\":null,\"error\":[20,\"extranonce2 must be 8 bytes"));
        assertEquals(List.of("{\"id\":18,\"result\":null,\"error\":[20,\"mining.submit needs 5 or 6 parameters, got 3\",null]}"),
                f.send("{\"id\":18,\"method\":\"mining.submit\",\"params\":[\"alice.rig1\",\"1\",\"00\"]}"));
    }

    @Test
    void rolledVersionWithinTheMaskIsAccepted() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        JobEntry job = f.currentJob();
        long rolled = (job.job().version() & ~0x1fffe000L) | 0x01660000L;
        Found s = TestMining.find(job.job(), Hex.decode(EN1), Hex.decode(EN2), job.job().nTime(), rolled,
                Target.ofDifficulty(0.000001), job.job().networkTarget(), 0);
        assertEquals(List.of("{\"id\":20,\"result\":true,\"error\":null}"),
                f.send(submit(20, job.jobId(), EN2, job.job().nTime(), s.nonceHex(), "01660000")));
    }

    @Test
    void shareOnThePreviousTipIsStale() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        JobEntry old = f.currentJob();
        Found s = share(f, old, 0.000001, null);
        f.newTip();
        f.drain();
        assertEquals(List.of("{\"id\":21,\"result\":null,\"error\":[21,\"Stale share: the block changed\",null]}"),
                f.send(submit(21, old.jobId(), EN2, old.job().nTime(), s.nonceHex(), null)));
    }

    @Test
    void shareOnAnEarlierJobOfTheSameTipIsStillGood() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        JobEntry first = f.currentJob();
        f.refresh();
        f.drain();
        Found s = share(f, first, 0.000001, null);
        assertEquals(List.of("{\"id\":22,\"result\":true,\"error\":null}"),
                f.send(submit(22, first.jobId(), EN2, first.job().nTime(), s.nonceHex(), null)));
    }

    @Test
    void sharesMeetingThePreviousDifficultyCountUntilTheNextJob() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        JobEntry before = f.currentJob();
        assertEquals("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.00001]}",
                f.send("{\"id\":4,\"method\":\"mining.suggest_difficulty\",\"params\":[0.00001]}").get(0));
        Found easy = share(f, before, 0.000001, 0.00001); // good at the old difficulty only
        assertEquals(List.of("{\"id\":30,\"result\":true,\"error\":null}"),
                f.send(submit(30, before.jobId(), EN2, before.job().nTime(), easy.nonceHex(), null)));
        assertEquals(0.000001, f.ledger.committed.get(0).difficulty(), "credited at the difficulty it met");

        f.refresh();
        f.drain();
        JobEntry after = f.currentJob();
        Found easyAfter = share(f, after, 0.000001, 0.00001);
        assertEquals(List.of("{\"id\":31,\"result\":null,\"error\":[23,\"Low difficulty share\",null]}"),
                f.send(submit(31, after.jobId(), EN2, after.job().nTime(), easyAfter.nonceHex(), null)));
        Found hard = share(f, after, 0.00001, null);
        assertEquals(List.of("{\"id\":32,\"result\":true,\"error\":null}"),
                f.send(submit(32, after.jobId(), EN2, after.job().nTime(), hard.nonceHex(), null)));
        assertEquals(0.00001, f.ledger.committed.get(1).difficulty());
    }

    @Test
    void trueWaitsForTheLedgerAndLaterRepliesKeepTheirOrder() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        f.ledger.hold = true;
        JobEntry job = f.currentJob();
        Found s = share(f, job, 0.000001, null);
        assertEquals(List.of(), f.send(submit(40, job.jobId(), EN2, job.job().nTime(), s.nonceHex(), null)));
        assertEquals(List.of(), f.send("{\"id\":41,\"method\":\"mining.multi_version\",\"params\":[1]}"));
        f.ledger.pending.get(0).complete(null);
        f.channel.runPendingTasks();
        assertEquals(List.of("{\"id\":40,\"result\":true,\"error\":null}", "{\"id\":41,\"result\":true,\"error\":null}"), f.drain());
    }

    @Test
    void shareTheLedgerCouldNotStoreIsNeverAcknowledgedTrue() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        f.ledger.hold = true;
        JobEntry job = f.currentJob();
        Found s = share(f, job, 0.000001, null);
        f.send(submit(50, job.jobId(), EN2, job.job().nTime(), s.nonceHex(), null));
        f.ledger.pending.get(0).completeExceptionally(new IllegalStateException("store down"));
        f.channel.runPendingTasks();
        assertEquals(List.of("{\"id\":50,\"result\":null,\"error\":[20,\"share not stored (ledger unavailable), not credited\",null]}"),
                f.drain());
        assertTrue(f.ledger.committed.isEmpty());
        String scrape = f.metrics.scrape();
        assertTrue(scrape.contains(
                "stratum_shares_total{firmware=\"other\",firmware_major=\"unknown\",protocol=\"v1\",reason=\"not_stored\",result=\"rejected\"} 1.0"), scrape);
        assertTrue(!scrape.contains("result=\"accepted\""), "never counted as accepted: " + scrape);
    }

    @Test
    void vardiffRaisesTheDifficultyOfAFastMiner() {
        SessionFixture f = new SessionFixture(new PortConfig(3333, 0.000001, 1e-9, 1e6, 10.0, 10, 90.0, true));
        f.handshake();
        JobEntry job = f.currentJob();
        long nonce = 0;
        List<String> last = List.of();
        for (int i = 0; i < 10; i++) {
            f.clock.advance(Duration.ofMillis(100));
            Found s = TestMining.find(job.job(), Hex.decode(EN1), Hex.decode(EN2), job.job().nTime(), job.job().version(),
                    Target.ofDifficulty(0.000001), job.job().networkTarget(), nonce);
            nonce = s.nonce() + 1;
            last = f.send(submit(60 + i, job.jobId(), EN2, job.job().nTime(), s.nonceHex(), null));
        }
        // 10 shares of 1e-6 in 1 s; one per 10 s wanted → 1e-4
        JobEntry reissued = f.jobs.find(Long.toHexString(job.seq() + 1)).orElseThrow();
        assertEquals(List.of("{\"id\":69,\"result\":true,\"error\":null}",
                "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.0001]}",
                NotifyLines.text(reissued, false).trim()), last, "set_difficulty, then the same work under a new job id");
        assertSame(job.job(), reissued.job(), "the same work");
        assertNotEquals(job.jobId(), reissued.jobId());
    }

    @Test
    void afterADifficultyChangeTheOldJobIdStaysValidAtTheEasierDifficultyAndTheNewOneAtTheNew() {
        SessionFixture f = new SessionFixture(new PortConfig(3333, 0.000001, 1e-9, 1e6, 10.0, 10, 90.0, true));
        f.handshake();
        JobEntry job = f.currentJob();
        long nonce = 0;
        for (int i = 0; i < 10; i++) {
            f.clock.advance(Duration.ofMillis(100));
            Found s = TestMining.find(job.job(), Hex.decode(EN1), Hex.decode(EN2), job.job().nTime(), job.job().version(),
                    Target.ofDifficulty(0.000001), job.job().networkTarget(), nonce);
            nonce = s.nonce() + 1;
            f.send(submit(60 + i, job.jobId(), EN2, job.job().nTime(), s.nonceHex(), null));
        }
        JobEntry reissued = f.jobs.find(Long.toHexString(job.seq() + 1)).orElseThrow();
        // An easy share (1e-6 but below 1e-4): still fine under the old id, low difficulty under the new one.
        Found easy = TestMining.find(job.job(), Hex.decode(EN1), Hex.decode(EN2), job.job().nTime(), job.job().version(),
                Target.ofDifficulty(0.000001), Target.ofDifficulty(0.0001), nonce);
        assertEquals(List.of("{\"id\":90,\"result\":null,\"error\":[23,\"Low difficulty share\",null]}"),
                f.send(submit(90, reissued.jobId(), EN2, job.job().nTime(), easy.nonceHex(), null)));
        assertEquals(List.of("{\"id\":91,\"result\":true,\"error\":null}"),
                f.send(submit(91, job.jobId(), EN2, job.job().nTime(), easy.nonceHex(), null)));
    }

    @Test
    void vardiffLowersTheDifficultyOfASilentMiner() {
        SessionFixture f = new SessionFixture(new PortConfig(3333, 0.0008, 1e-9, 1e6, 10.0, 10, 90.0, true));
        f.handshake();
        f.clock.advance(Duration.ofSeconds(91));
        f.channel.advanceTimeBy(31, java.util.concurrent.TimeUnit.SECONDS);
        f.channel.runScheduledPendingTasks();
        List<String> lines = f.drain();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("{\"id\":null,\"method\":\"mining.set_difficulty\""));
        JobEntry reissued = f.jobs.find(Long.toHexString(f.currentJob().seq() + 1)).orElseThrow();
        assertEquals(NotifyLines.text(reissued, false).trim(), lines.get(1), "the same work under a new job id");
        double d = Double.parseDouble(lines.get(0).replaceAll(".*\\[(.*)\\].*", "$1"));
        assertTrue(d <= 0.0002, "dropped to a quarter or less: " + d);
    }

    @Test
    void blockSolvingShareIsSubmittedAtOnceAsAFullBlock() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        JobEntry job = f.currentJob();
        Found block = TestMining.find(job.job(), Hex.decode(EN1), Hex.decode(EN2), job.job().nTime(), job.job().version(),
                job.job().networkTarget(), null, 0);
        assertEquals(List.of("{\"id\":70,\"result\":true,\"error\":null}"),
                f.send(submit(70, job.jobId(), EN2, job.job().nTime(), block.nonceHex(), null)));
        assertEquals(1, f.source.submitted().size());
        Block parsed = Block.parse(f.source.submitted().get(0).block());
        assertEquals(parsed.hash(), f.source.submitted().get(0).hash());
        assertEquals(parsed.computeMerkleRoot(), parsed.merkleRoot());
        assertEquals(7, parsed.transactions().size());
        assertTrue(f.ledger.committed.get(0).block());
        assertFalse(parsed.transactions().get(0).witnesses().isEmpty());
    }

    @Test
    void connectionSubmittingMostlyInvalidSharesIsClosed() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        JobEntry job = f.currentJob();
        for (int i = 0; i < 99; i++) {
            f.send(submit(100 + i, job.jobId(), EN2, job.job().nTime(), "zzzzzzzz", null));
            assertTrue(f.channel.isOpen());
        }
        f.send(submit(199, job.jobId(), EN2, job.job().nTime(), "zzzzzzzz", null));
        assertFalse(f.channel.isOpen(), "100 malformed shares in a row");
    }

    @Test
    void staleSharesNeverCountTowardsABan() {
        SessionFixture f = new SessionFixture();
        f.handshake();
        JobEntry old = f.currentJob();
        f.newTip();
        for (int i = 0; i < 150; i++) {
            f.send(submit(300 + i, old.jobId(), EN2, old.job().nTime(), String.format("%08x", i), null));
        }
        assertTrue(f.channel.isOpen());
    }
}
