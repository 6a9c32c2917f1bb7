package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With the handshake off, a test sends every line itself: out-of-order requests get their errors back. */
class ManualSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final SharedSimRuntime RUNTIME = new SharedSimRuntime(1, 1);

    @Test
    void aSubmitBeforeSubscribeIsNotSubscribed() throws Exception {
        try (FakePool pool = new FakePool(); SimMiner miner = manualMiner(pool)) {
            JsonNode reply = submitSomething(miner);
            assertEquals(25, reply.get("error").get(0).asInt());
            assertEquals(1, miner.counters().rejected(25));
            assertEquals(SimMiner.State.HANDSHAKING, miner.state(), "no rules apply to a hand-driven session");
        }
    }

    @Test
    void aSubmitBeforeAuthorizeIsUnauthorized() throws Exception {
        try (FakePool pool = new FakePool(); SimMiner miner = manualMiner(pool)) {
            JsonNode subscribed = miner.request("mining.subscribe", "test/1.0").get(10, TimeUnit.SECONDS);
            assertEquals(4, subscribed.get("result").get(2).asInt());
            assertEquals(24, submitSomething(miner).get("error").get(0).asInt());
        }
    }

    @Test
    void sendsNothingUntilTold() throws Exception {
        try (FakePool pool = new FakePool(); SimMiner miner = manualMiner(pool)) {
            Thread.sleep(100);
            assertEquals(0, miner.transcript().sent().size());
            miner.sendLine("not json at all").get(10, TimeUnit.SECONDS);
            assertEquals("not json at all", miner.transcript().sent().get(0));
        }
    }

    private static SimMiner manualMiner(FakePool pool) throws Exception {
        SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BITAXE).autoHandshake(false).build());
        miner.start().get(10, TimeUnit.SECONDS);
        assertTrue(miner.awaitState(SimMiner.State.HANDSHAKING, WAIT));
        return miner;
    }

    private static JsonNode submitSomething(SimMiner miner) throws Exception {
        return miner.request("mining.submit", "tester.rig1", "1", "00000000", "6553f100", "00000000")
                .get(10, TimeUnit.SECONDS);
    }
}
