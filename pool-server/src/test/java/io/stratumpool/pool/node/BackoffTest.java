package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The retry delay between attempts to reach a node. */
class BackoffTest {

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheCap() {
        Backoff backoff = new Backoff(100, 1_000);

        assertEquals(100, backoff.delayMillis(0));
        assertEquals(200, backoff.delayMillis(1));
        assertEquals(800, backoff.delayMillis(3));
        assertEquals(1_000, backoff.delayMillis(4));
        assertEquals(1_000, backoff.delayMillis(1_000), "no overflow for long outages");
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 10));
    }
}
