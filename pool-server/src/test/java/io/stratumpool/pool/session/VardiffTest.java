package io.stratumpool.pool.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.config.PortConfig;
import org.junit.jupiter.api.Test;

class VardiffTest {
    private static final long SECOND = 1_000_000_000L;
    /** One share every 10 s, retarget after 10 shares or 60 s. */
    private static final PortConfig PORT = new PortConfig(3333, 1.0, 0.001, 1e6, 10.0, 10, 60.0, true);

    @Test
    void raisesDifficultyForAMinerSubmittingTooFast() {
        Vardiff v = new Vardiff(PORT, 0);
        double proposed = Double.NaN;
        for (int i = 1; i <= 10; i++) {
            proposed = v.onShare(1.0, 1.0, i * SECOND); // one share per second at difficulty 1
        }
        // rate = 10 difficulty / 10 s = 1 per s; aim 10 s per share → difficulty 10
        assertEquals(10.0, proposed, 1e-9);
    }

    @Test
    void waitsForTheShareCountOrTheTime() {
        Vardiff v = new Vardiff(PORT, 0);
        for (int i = 1; i < 10; i++) {
            assertTrue(Double.isNaN(v.onShare(1.0, 1.0, i * SECOND)));
        }
        Vardiff slow = new Vardiff(PORT, 0);
        assertTrue(Double.isNaN(slow.onShare(1.0, 1.0, 30 * SECOND)));
        // 2 shares of difficulty 1 in 60 s → 1/30 per s → 10 s aim → 1/3
        assertEquals(1.0 / 3, slow.onShare(1.0, 1.0, 60 * SECOND), 1e-9);
    }

    @Test
    void ignoresChangesUnderThirtyPercent() {
        Vardiff v = new Vardiff(PORT, 0);
        double proposed = Double.NaN;
        for (int i = 1; i <= 10; i++) {
            proposed = v.onShare(1.0, 1.0, i * 9 * SECOND); // 9 s per share: 11 % off the aim
        }
        assertTrue(Double.isNaN(proposed));
    }

    @Test
    void lowersDifficultyWhenNoSharesArrive() {
        Vardiff v = new Vardiff(PORT, 0);
        assertTrue(Double.isNaN(v.onTick(100.0, 59 * SECOND)));
        assertEquals(100.0 * 10 / 120, v.onTick(100.0, 120 * SECOND), 1e-9);
        // A slow aim would barely lower it: it drops to a quarter at least.
        Vardiff slowAim = new Vardiff(new PortConfig(3333, 1.0, 0.001, 1e6, 30.0, 10, 60.0, true), 0);
        assertEquals(25.0, slowAim.onTick(100.0, 60 * SECOND), 1e-9);
    }
}
