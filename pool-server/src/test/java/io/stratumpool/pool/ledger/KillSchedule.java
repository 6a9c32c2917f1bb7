package io.stratumpool.pool.ledger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sim.Waits;
import java.time.Duration;
import java.util.Random;

/**
 * Kills one pool again and again and starts it anew each time. Most kills land while shares flow:
 * after the restarted pool has acknowledged a share, at a random moment 0.5 to 3 s later. About one
 * restart in five is instead killed while still starting (0.2 to 1.5 s after launch: JVM start,
 * migrations, hashrate rebuild), which must not hurt the store either; so is the very first start,
 * while it creates and migrates the empty store.
 */
final class KillSchedule {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration FIRST_ACK = Duration.ofSeconds(30);

    private final Random random;
    private final PoolProcess.Launch launch;
    private final ShareOutcomes outcomes;
    private PoolProcess pool;
    private int incarnation;
    /** True when the pool was just launched and nobody waited for it to listen yet. */
    private boolean starting;
    private int miningKills;
    private int startupKills;

    KillSchedule(Random random, PoolProcess.Launch launch, ShareOutcomes outcomes) {
        this.random = random;
        this.launch = launch;
        this.outcomes = outcomes;
    }

    /** Starts the pool on the empty store, kills it while it sets the store up, and starts it again. */
    void startFirst() throws Exception {
        pool = launch.start(incarnation);
        Thread.sleep(300 + random.nextInt(1200));
        pool.kill();
        startupKills++;
        pool = launch.start(++incarnation);
        pool.awaitListening(START);
    }

    /** Kills until {@code kills} of them happened while mining; leaves a freshly started pool. */
    void run(int kills) throws Exception {
        while (miningKills < kills) {
            if (starting && random.nextInt(5) == 0) {
                Thread.sleep(200 + random.nextInt(1300));
                pool.kill();
                startupKills++;
            } else {
                killWhileMining();
            }
            pool = launch.start(++incarnation);
            starting = true;
        }
    }

    private void killWhileMining() throws Exception {
        pool.awaitListening(START);
        long before = outcomes.accepted();
        assertTrue(Waits.within(FIRST_ACK, () -> outcomes.accepted() > before),
                "no share acknowledged by pool " + incarnation + " (the miners did not come back):\n" + pool.log());
        Thread.sleep(500 + random.nextInt(2500));
        pool.kill();
        miningKills++;
    }

    PoolProcess pool() {
        return pool;
    }

    int miningKills() {
        return miningKills;
    }

    int startupKills() {
        return startupKills;
    }

    void killIfAlive() throws InterruptedException {
        if (pool != null && pool.isAlive()) {
            pool.kill();
        }
    }
}
