package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The share listener hears the end of every submitted share: accepted, rejected with its code, or never answered. */
class ShareOutcomeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final SharedSimRuntime RUNTIME = new SharedSimRuntime(1, 1);
    private final List<ShareOutcome> outcomes = new CopyOnWriteArrayList<>();

    private MinerOptions.Builder listened(FakePool pool) {
        return pool.minerOptions(FirmwareProfile.NERDQAXE).name("rig").shareListener(outcomes::add);
    }

    @Test
    void everyShareHashedInTheBackgroundIsReportedOnceWithItsHeaderHash() throws Exception {
        try (FakePool pool = new FakePool(); SimMiner miner = new SimMiner(RUNTIME.get(), listened(pool).hashrate(100_000).build())) {
            pool.difficulty = 1e-6; // a share every few thousand hashes
            miner.start();
            assertTrue(miner.awaitAccepted(5, WAIT));
            miner.stop();
            MinerCounters c = miner.counters();
            assertEquals(c.accepted(), outcomes.stream().filter(ShareOutcome::accepted).count());
            assertEquals(c.submitted(), outcomes.size(), () -> outcomes.toString());
            for (ShareOutcome o : outcomes.stream().filter(ShareOutcome::accepted).toList()) {
                assertEquals("rig", o.miner());
                assertEquals(32, o.share().hash().length);
                assertTrue(o.share().meetsWorkDifficulty(), o::toString);
                assertEquals(-1, o.errorCode());
                assertFalse(o.answeredAt().isBefore(o.sentAt()));
            }
            assertEquals(outcomes.size(), outcomes.stream().map(o -> o.share().hashHex()).distinct().count());
        }
    }

    @Test
    void aRejectedShareIsReportedWithItsErrorCode() throws Exception {
        try (FakePool pool = new FakePool(); SimMiner miner = new SimMiner(RUNTIME.get(), listened(pool).mining(false).build())) {
            miner.start();
            assertTrue(miner.awaitMining(WAIT));
            Share share = miner.findShare(WAIT).orElseThrow();
            miner.submit(share).get(10, TimeUnit.SECONDS);
            miner.submit(share).get(10, TimeUnit.SECONDS);
            miner.submit(miner.hashNonce(1)).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(ShareOutcome.Result.ACCEPTED, ShareOutcome.Result.REJECTED, ShareOutcome.Result.REJECTED),
                    outcomes.stream().map(ShareOutcome::result).toList());
            assertEquals(List.of(-1, 22, 23), outcomes.stream().map(ShareOutcome::errorCode).toList());
            assertSame(share, outcomes.get(1).share());
        }
    }

    @Test
    void aShareTheConnectionClosedOnIsReportedUnanswered() throws Exception {
        try (FakePool pool = new FakePool(); SimMiner miner = new SimMiner(RUNTIME.get(), listened(pool).mining(false).build())) {
            pool.replyTo("mining.submit", request -> List.of()); // a pool that dies before answering
            miner.start();
            assertTrue(miner.awaitMining(WAIT));
            Share share = miner.findShare(WAIT).orElseThrow();
            var reply = miner.submit(share);
            assertTrue(Waits.within(WAIT, () -> pool.connection(0).received().stream().anyMatch(l -> l.contains("mining.submit"))));
            pool.connection(0).close();
            assertThrows(ExecutionException.class, () -> reply.get(10, TimeUnit.SECONDS));
            assertEquals(1, outcomes.size());
            ShareOutcome o = outcomes.get(0);
            assertEquals(ShareOutcome.Result.UNANSWERED, o.result());
            assertArrayEquals(share.hash(), o.share().hash());
            assertNotNull(o.answeredAt());
        }
    }

    @Test
    void rawLinesAndHandshakeRequestsAreNotShares() throws Exception {
        try (FakePool pool = new FakePool(); SimMiner miner = new SimMiner(RUNTIME.get(), listened(pool).mining(false).build())) {
            miner.start();
            assertTrue(miner.awaitMining(WAIT));
            Share share = miner.findShare(WAIT).orElseThrow();
            miner.sendLine("{\"id\":900,\"method\":\"mining.submit\",\"params\":" + share.params("tester.rig1") + "}")
                    .get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), outcomes);
        }
    }
}
