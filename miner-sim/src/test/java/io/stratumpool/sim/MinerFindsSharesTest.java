package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Miners really hash: the shares they find pass share-validator's ShareValidator in the fake pool. */
class MinerFindsSharesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final SharedSimRuntime RUNTIME = new SharedSimRuntime(1, 2);

    @Test
    void bitaxeRollsVersionsWithinTheGrantedMaskAndItsSharesAreAccepted() throws Exception {
        try (FakePool pool = new FakePool(); SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BITAXE).build())) {
            miner.start();
            assertTrue(miner.awaitAccepted(3, WAIT), () -> miner + "\n" + miner.transcript());
            MinerCounters c = miner.counters();
            assertEquals(0, c.rejected(), () -> c.toString());
            assertTrue(c.hashes() > 0);
            List<Verdict.Result> verdicts = pool.connection(0).verdicts();
            assertTrue(verdicts.stream().allMatch(Verdict.Result::isValid), verdicts::toString);
            JsonNode submit = firstSubmit(miner);
            assertEquals(6, submit.get("params").size());
            long bits = Hex.parseUInt32(submit.get("params").get(5).asText());
            assertTrue(bits != 0 && (bits & ~FakePool.POOL_MASK) == 0, () -> "version bits " + Long.toHexString(bits));
            assertEquals(FakePool.POOL_MASK, miner.versionMask().orElseThrow());
        }
    }

    @Test
    void cpuminerSubmitsFiveParamsAlwaysWithId4() throws Exception {
        try (FakePool pool = new FakePool(); SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.CPUMINER).build())) {
            miner.start();
            assertTrue(miner.awaitAccepted(2, WAIT), () -> miner + "\n" + miner.transcript());
            JsonNode submit = firstSubmit(miner);
            assertEquals(5, submit.get("params").size());
            assertEquals(4, submit.get("id").asInt());
            assertEquals("tester.rig1", submit.get("params").get(0).asText());
        }
    }

    @Test
    void countsBlocksWhenAHashMeetsTheNetworkTarget() throws Exception {
        try (FakePool pool = new FakePool(FakeJobs.NBITS_EASY_BLOCKS);
             SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.NERDQAXE).build())) {
            miner.start();
            assertTrue(miner.await(m -> m.counters().blocksAccepted() >= 1, WAIT), () -> miner.counters().toString());
            assertTrue(pool.connection(0).verdicts().contains(Verdict.Result.BLOCK));
        }
    }

    @Test
    void aLimitedMinerHashesAtItsConfiguredRate() throws Exception {
        try (FakePool pool = new FakePool()) {
            pool.difficulty = 1; // no shares: only the hash count matters here
            SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BITAXE).hashrate(40_000).build());
            miner.start();
            assertTrue(miner.awaitMining(WAIT));
            long h0 = miner.counters().hashes();
            long t0 = System.nanoTime();
            Thread.sleep(1500);
            double rate = (miner.counters().hashes() - h0) * 1e9 / (System.nanoTime() - t0);
            miner.stop();
            assertTrue(rate > 25_000 && rate < 55_000, () -> "measured " + rate + " H/s");
        }
    }

    @Test
    void aNewDifficultyAppliesToTheNextShares() throws Exception {
        // bmminer applies a difficulty at once (ESP-Miner waits for a new job id: FirmwareStrictnessTest)
        try (FakePool pool = new FakePool(); SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.ANTMINER_S9).build())) {
            miner.start();
            assertTrue(miner.awaitMining(WAIT));
            pool.connection(0).sendDifficulty(4e-5);
            assertTrue(miner.await(m -> m.difficulty() == 4e-5, WAIT));
            pool.difficulty = 4e-5;
            long before = miner.counters().accepted();
            assertTrue(miner.awaitAccepted(before + 2, WAIT));
            assertFalse(miner.failure().isPresent());
        }
    }

    @Test
    void afterClientReconnectItHashesTheNewSessionsWork() throws Exception {
        try (FakePool pool = new FakePool(); SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.NERDQAXE).build())) {
            miner.start();
            assertTrue(miner.awaitAccepted(1, WAIT));
            pool.broadcast("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[\"127.0.0.1\"," + pool.port() + ",0]}");
            assertTrue(Waits.within(WAIT, () -> pool.connections().size() == 2 && pool.connection(1).verdicts().size() >= 3));
            List<Verdict.Result> verdicts = pool.connection(1).verdicts();
            assertTrue(verdicts.stream().allMatch(Verdict.Result::isValid), verdicts::toString);
        }
    }

    private static JsonNode firstSubmit(SimMiner miner) {
        String line = miner.transcript().sent().stream().filter(l -> l.contains("mining.submit")).findFirst().orElseThrow();
        return JsonLines.parse(line);
    }
}
