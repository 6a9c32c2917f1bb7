package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redialing after the pool goes away, as firmware does: off by default, with a doubling backoff when on. */
class ReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A share every few thousand hashes: these tests wait for shares, not for hashing. */
    private static final double EASY = 1e-6;
    @RegisterExtension
    static final SharedSimRuntime RUNTIME = new SharedSimRuntime(1, 1);

    private static FakePool easy(FakePool pool) {
        pool.difficulty = EASY;
        return pool;
    }

    private static MinerOptions redialing(FakePool pool) {
        return pool.minerOptions(FirmwareProfile.BITAXE).hashrate(50_000)
                .reconnect(Duration.ofMillis(20), Duration.ofMillis(200)).build();
    }

    @Test
    void redialsAfterThePoolDropsTheConnectionAndMinesAgain() throws Exception {
        try (FakePool pool = easy(new FakePool()); SimMiner miner = new SimMiner(RUNTIME.get(), redialing(pool))) {
            miner.start();
            assertTrue(miner.awaitAccepted(1, WAIT), () -> miner.transcript().toString());
            pool.connection(0).close();
            assertTrue(miner.await(m -> m.connections() == 2 && m.state() == SimMiner.State.MINING, WAIT), miner::toString);
            long before = miner.counters().accepted();
            assertTrue(miner.awaitAccepted(before + 2, WAIT));
            assertEquals(Optional.empty(), miner.failure());
        }
    }

    @Test
    void keepsDialingWhileThePoolIsDownAndMinesWhenItComesBack() throws Exception {
        FakePool first = easy(new FakePool());
        int port = first.port();
        try (SimMiner miner = new SimMiner(RUNTIME.get(), redialing(first))) {
            miner.start();
            assertTrue(miner.awaitAccepted(1, WAIT));
            first.close();
            // Several refused connects pass (20 ms doubling to 200 ms) without the miner giving up.
            assertFalse(miner.awaitState(SimMiner.State.FAILED, Duration.ofMillis(600)), miner::toString);
            assertEquals(1, miner.connections());
            try (FakePool second = easy(new FakePool(FakeJobs.NBITS_NO_BLOCKS, port))) {
                assertTrue(miner.await(m -> m.connections() == 2 && m.state() == SimMiner.State.MINING, WAIT), miner::toString);
                assertTrue(Waits.within(WAIT, () -> second.connections().size() == 1
                        && second.connection(0).verdicts().size() >= 2));
            }
        }
    }

    @Test
    void aFirstConnectThatFailsIsRetriedToo() throws Exception {
        int port = unusedPortBelowTheEphemeralRange();
        MinerOptions options = MinerOptions.builder("127.0.0.1", port).hashrate(50_000)
                .reconnect(Duration.ofMillis(20), Duration.ofMillis(100)).build();
        try (SimMiner miner = new SimMiner(RUNTIME.get(), options)) {
            var firstConnect = miner.start();
            assertThrows(ExecutionException.class, () -> firstConnect.get(10, TimeUnit.SECONDS));
            try (FakePool pool = easy(new FakePool(FakeJobs.NBITS_NO_BLOCKS, port))) {
                assertTrue(miner.awaitAccepted(1, WAIT), miner::toString);
            }
        }
    }

    @Test
    void withoutReconnectALostConnectionLeavesTheMinerDisconnected() throws Exception {
        try (FakePool pool = easy(new FakePool());
             SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BITAXE).hashrate(50_000).build())) {
            assertFalse(miner.options().reconnects());
            miner.start();
            assertTrue(miner.awaitAccepted(1, WAIT));
            pool.connection(0).close();
            assertTrue(miner.awaitState(SimMiner.State.DISCONNECTED, WAIT));
            assertFalse(miner.await(m -> m.connections() > 1, Duration.ofMillis(300)));
            assertEquals(1, pool.connections().size());
        }
    }

    @Test
    void stoppingAMinerThatWaitsToRedialEndsIt() throws Exception {
        try (FakePool pool = new FakePool()) {
            SimMiner miner = new SimMiner(RUNTIME.get(), pool.minerOptions(FirmwareProfile.BITAXE)
                    .reconnect(Duration.ofMillis(200), Duration.ofSeconds(1)).build());
            miner.start();
            assertTrue(miner.awaitMining(WAIT));
            pool.connection(0).close();
            assertTrue(miner.awaitState(SimMiner.State.DISCONNECTED, WAIT));
            miner.stop();
            assertFalse(Waits.within(Duration.ofMillis(500), () -> pool.connections().size() > 1));
            assertEquals(SimMiner.State.STOPPED, miner.state());
            assertEquals(1, miner.connections());
        }
    }

    @Test
    void backoffDoublesUpToItsMaximumAndStartsOverOnceMining() {
        RedialBackoff backoff = new RedialBackoff(Duration.ofMillis(100), Duration.ofMillis(500));
        assertEquals(Duration.ofMillis(100), backoff.next());
        assertEquals(Duration.ofMillis(200), backoff.next());
        assertEquals(Duration.ofMillis(400), backoff.next());
        assertEquals(Duration.ofMillis(500), backoff.next());
        assertEquals(Duration.ofMillis(500), backoff.next());
        backoff.reset();
        assertEquals(Duration.ofMillis(100), backoff.next());
    }

    @Test
    void rejectsAMaximumDelayBelowTheFirst() {
        var e = assertThrows(IllegalArgumentException.class, () -> MinerOptions.builder("127.0.0.1", 3333)
                .reconnect(Duration.ofSeconds(2), Duration.ofSeconds(1)).build());
        assertEquals("maxReconnectDelay: PT1S (expected: >= reconnectDelay PT2S)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MinerOptions.builder("127.0.0.1", 3333)
                .reconnect(Duration.ZERO, Duration.ofSeconds(1)).build());
    }

    /**
     * A port nobody listens on, below the range the OS hands out for port 0: a port freed by a
     * closed server could be taken by the next test's server before the miner's first connect,
     * which must fail.
     */
    private static int unusedPortBelowTheEphemeralRange() throws java.io.IOException {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000, 32_000);
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.io.IOException taken) {
                // someone listens there: try another
            }
        }
        throw new java.io.IOException("no free loopback port below 32000");
    }
}
