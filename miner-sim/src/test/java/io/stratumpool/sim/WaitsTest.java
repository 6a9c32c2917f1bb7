package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitsTest {

    @Test
    void returnsAsSoonAsTheConditionHolds() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Waits.until("the third check", Duration.ofSeconds(10), () -> asked.incrementAndGet() == 3);
        assertEquals(3, asked.get());
    }

    @Test
    void failureNamesWhatWasAwaitedAndTheTimeout() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Waits.until(() -> "a miner that never connects", Duration.ofMillis(50), () -> false));
        assertEquals("timed out after 50 ms waiting for a miner that never connects", e.getMessage());
    }

    @Test
    void withinAnswersWhetherTheConditionHeldInTime() throws Exception {
        assertTrue(Waits.within(Duration.ofMillis(50), () -> true));
        assertFalse(Waits.within(Duration.ofMillis(50), () -> false));
    }

    @Test
    void theConditionIsAskedOnceMoreAtTheDeadline() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        assertTrue(Waits.within(Duration.ZERO, () -> asked.incrementAndGet() == 2));
    }
}
