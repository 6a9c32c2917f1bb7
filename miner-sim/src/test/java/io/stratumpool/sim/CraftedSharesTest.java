package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The low-level API: crafted shares and raw requests, each reply read back by its request id. */
class CraftedSharesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final SharedSimRuntime RUNTIME = new SharedSimRuntime(1, 1);
    private FakePool pool;
    private SimMiner miner;

    @BeforeEach
    void connectAMinerThatDoesNotHashByItself() throws Exception {
        pool = new FakePool();
        miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BITAXE).mining(false).build());
        miner.start();
        assertTrue(miner.awaitMining(WAIT), () -> miner.transcript().toString());
    }

    @AfterEach
    void stop() throws Exception {
        miner.stop();
        pool.close();
    }

    @Test
    void theSameShareTwiceIsADuplicate() throws Exception {
        Share share = miner.findShare(WAIT).orElseThrow();
        assertTrue(get(miner.submit(share)).get("result").asBoolean());
        assertEquals(22, errorCode(get(miner.submit(share))));
        MinerCounters c = miner.counters();
        assertEquals(2, c.submitted());
        assertEquals(1, c.accepted());
        assertEquals(1, c.rejected(22));
    }

    @Test
    void aShareForAnUnknownJobIsStale() throws Exception {
        Share share = miner.findShare(WAIT).orElseThrow().withJobId("feedbeef");
        assertEquals(21, errorCode(get(miner.submit(share))));
    }

    @Test
    void aShareWithNTimeBeforeTheJobIsRejected() throws Exception {
        Share share = miner.findShare(WAIT).orElseThrow().withNTime("00000001");
        JsonNode reply = get(miner.submit(share));
        assertEquals(20, errorCode(reply));
        assertEquals("ntime_out_of_range", reply.get("error").get(1).asText());
    }

    @Test
    void versionBitsOutsideTheGrantedMaskAreRejected() throws Exception {
        Share share = miner.findShare(WAIT).orElseThrow().withVersionBits("e0000000");
        assertEquals("version_bits_outside_mask", get(miner.submit(share)).get("error").get(1).asText());
    }

    @Test
    void aHashBelowTheShareDifficultyIsLowDifficulty() throws Exception {
        Share share = miner.hashNonce(1);
        for (long nonce = 2; share.meetsWorkDifficulty(); nonce++) {
            share = miner.hashNonce(nonce);
        }
        assertEquals(23, errorCode(get(miner.submit(share))));
        assertEquals(1, miner.counters().rejected(23));
    }

    @Test
    void aRequestWithAChosenIdGetsItsReplyByThatId() throws Exception {
        JsonNode reply = get(miner.request("abc", "mining.suggest_difficulty", JsonLines.arrayOf(1)));
        assertEquals("abc", reply.get("id").asText());
        assertTrue(reply.get("result").asBoolean());
    }

    @Test
    void aRawLineWithAnIdCompletesWithItsReply() throws Exception {
        JsonNode reply = get(miner.sendLine("{\"id\": 77, \"method\": \"mining.extranonce.subscribe\", \"params\": []}"));
        assertEquals(77, reply.get("id").asInt());
        assertEquals("{\"id\": 77, \"method\": \"mining.extranonce.subscribe\", \"params\": []}",
                miner.transcript().sent().get(miner.transcript().sent().size() - 1));
    }

    @Test
    void answersClientGetVersionWithItsUserAgent() {
        pool.broadcast("{\"id\":9,\"method\":\"client.get_version\",\"params\":[]}");
        String expected = "{\"id\": 9, \"result\": \"bitaxe/BM1368/v2.9.0b3-24-gdd577d0\", \"error\": null}";
        assertTrue(miner.transcript().await(Transcript.Direction.SENT, expected::equals, WAIT).isPresent(),
                () -> miner.transcript().toString());
    }

    @Test
    void recordsClientShowMessage() {
        pool.broadcast("{\"id\":null,\"method\":\"client.show_message\",\"params\":[\"maintenance at noon\"]}");
        assertTrue(miner.await(m -> m.messages().contains("maintenance at noon"), WAIT));
    }

    @Test
    void aNewExtranonceAppliesFromTheNextJob() throws Exception {
        pool.connection(0).sendExtranonce("cafebabe");
        assertTrue(miner.transcript().await(Transcript.Direction.RECEIVED, l -> l.contains("cafebabe"), WAIT).isPresent());
        assertTrue(get(miner.submit(miner.findShare(WAIT).orElseThrow())).get("result").asBoolean(), "old extranonce1 until then");
        String newJobId = pool.newJob(FakeJobs.NBITS_NO_BLOCKS).jobId();
        pool.broadcastJob(true);
        assertTrue(miner.await(m -> m.job().orElseThrow().jobId().equals(newJobId), WAIT));
        assertTrue(get(miner.submit(miner.findShare(WAIT).orElseThrow())).get("result").asBoolean(), "new extranonce1 from then");
        assertEquals(0, miner.counters().rejected());
    }

    @Test
    void followsClientReconnectAndResumesItsSessionId() throws Exception {
        SimMiner s9 = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.ANTMINER_S9).mining(false).build());
        s9.start();
        assertTrue(s9.awaitMining(WAIT));
        String firstSubscriptionId = s9.subscription().orElseThrow().subscriptionId();
        pool.connections().get(1).send("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[\"127.0.0.1\"," + pool.port() + ",0]}");
        assertTrue(Waits.within(WAIT, () -> pool.connections().size() == 3));
        assertTrue(s9.await(m -> m.state() == SimMiner.State.MINING
                && !m.subscription().orElseThrow().subscriptionId().equals(firstSubscriptionId), WAIT), s9::toString);
        String resubscribe = "{\"id\": 3645, \"method\": \"mining.subscribe\", \"params\": [\"bmminer/2.0.0\", \""
                + firstSubscriptionId + "\"]}";
        assertTrue(s9.transcript().sent().contains(resubscribe), () -> s9.transcript().toString());
        s9.stop();
    }

    private static JsonNode get(java.util.concurrent.CompletableFuture<JsonNode> reply) throws Exception {
        return reply.get(10, TimeUnit.SECONDS);
    }

    private static int errorCode(JsonNode reply) {
        return reply.get("error").get(0).asInt();
    }
}
