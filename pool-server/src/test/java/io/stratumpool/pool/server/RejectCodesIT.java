package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.Share;
import io.stratumpool.sim.SimMiner;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every reject code over a real socket, produced the way a misbehaving or unlucky miner would. */
class RejectCodesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static PoolFixture fixture;

    @BeforeAll
    static void startPool() throws InterruptedException {
        fixture = new PoolFixture("0.01");
    }

    @AfterAll
    static void stopPool() {
        fixture.close();
    }

    private static SimMiner miningMiner(FirmwareProfile profile) {
        // A low suggestion (for the profiles that send one) keeps shares cheap to find and far from blocks.
        SimMiner miner = fixture.start(fixture.options(profile, "bob.rejects").mining(false).suggestDifficulty("0.00001").build());
        assertTrue(miner.awaitMining(TIMEOUT), () -> miner.transcript().toString());
        return miner;
    }

    private static JsonNode reply(java.util.concurrent.CompletableFuture<JsonNode> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void assertError(int code, String messageStart, JsonNode reply) {
        assertTrue(reply.get("result").isNull(), reply.toString());
        assertEquals(code, reply.get("error").get(0).asInt(), reply.toString());
        assertTrue(reply.get("error").get(1).asText().startsWith(messageStart), reply.toString());
    }

    @Test
    void notSubscribedIs25AndUnauthorizedIs24() throws Exception {
        SimMiner miner = fixture.start(fixture.options(FirmwareProfile.CPUMINER, "bob.raw").autoHandshake(false).mining(false).build());
        try {
            assertTrue(miner.await(m -> m.state() == SimMiner.State.HANDSHAKING, TIMEOUT));
            assertError(25, "Not subscribed", reply(miner.request("mining.submit", "bob.raw", "1", "0000000000000000", "6553f100", "00000000")));
            reply(miner.request("mining.subscribe", "cpuminer/2.5.1"));
            assertError(24, "Unauthorized", reply(miner.request("mining.submit", "bob.raw", "1", "0000000000000000", "6553f100", "00000000")));
        } finally {
            miner.close();
        }
    }

    @Test
    void duplicateIs22AndLowDifficultyIs23() throws Exception {
        // An S9 suggests no difficulty: its shares stay far easier than a block, so the share and its
        // duplicate are judged on the same tip (a block would make the duplicate stale).
        SimMiner miner = miningMiner(FirmwareProfile.ANTMINER_S9);
        try {
            Share share = miner.findShare(TIMEOUT).orElseThrow();
            for (int tries = 1; share.block(); tries++) {
                assertTrue(tries < 20, "twenty shares in a row were blocks");
                share = miner.findShare(TIMEOUT).orElseThrow();
            }
            assertTrue(reply(miner.submit(share)).get("result").asBoolean());
            assertError(22, "Duplicate", reply(miner.submit(share)));
            Share weak = null;
            for (long nonce = 0; weak == null; nonce++) {
                Share candidate = miner.hashNonce(nonce);
                if (!candidate.meetsWorkDifficulty()) {
                    weak = candidate;
                }
            }
            assertError(23, "Low difficulty", reply(miner.submit(weak)));
        } finally {
            miner.close();
        }
    }

    @Test
    void bitsOutsideTheMaskAndNtimeOutOfRangeAre20() throws Exception {
        SimMiner miner = miningMiner(FirmwareProfile.WHATSMINER);
        try {
            Share share = miner.findShare(TIMEOUT).orElseThrow();
            assertError(20, "version bits outside the granted mask", reply(miner.submit(share.withVersionBits("e0000000"))));
            long ntime = Long.parseLong(share.nTime(), 16);
            assertError(20, "ntime out of range", reply(miner.submit(share.withNTime(String.format("%08x", ntime + 7201)))));
            assertError(20, "ntime out of range", reply(miner.submit(share.withNTime(String.format("%08x", ntime - 1)))));
        } finally {
            miner.close();
        }
    }

    @Test
    void shareForAnOldTipIsStale21AndAnUnknownJobToo() throws Exception {
        SimMiner miner = miningMiner(FirmwareProfile.ANTMINER_S9);
        try {
            Share share = miner.findShare(TIMEOUT).orElseThrow();
            String jobBefore = share.jobId();
            fixture.sandbox().mineExternalBlock();
            assertTrue(miner.await(m -> m.job().map(j -> !j.jobId().equals(jobBefore)).orElse(false), TIMEOUT));
            assertError(21, "Stale share", reply(miner.submit(share)));
            assertError(21, "Job not found", reply(miner.submit(share.withJobId("deadbeef"))));
        } finally {
            miner.close();
        }
    }
}
