package io.stratumpool.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on a hand-moved clock. */
class HashBudgetTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void tokensAccrueAtTheHashrate() {
        HashBudget budget = new HashBudget(1000, now::get);
        assertFalse(budget.tryTake(1), "an empty bucket at start");
        now.addAndGet(100_000_000L); // 0.1 s
        assertTrue(budget.tryTake(100));
        assertFalse(budget.tryTake(1));
    }

    @Test
    void theBucketHoldsAQuarterSecond() {
        HashBudget budget = new HashBudget(1000, now::get);
        assertEquals(250, budget.maxBatch(10_000));
        now.addAndGet(10_000_000_000L);
        assertTrue(budget.tryTake(250));
        assertFalse(budget.tryTake(1), "idle time does not bank more than the burst");
    }

    @Test
    void saysHowLongUntilABatchIsAffordable() {
        HashBudget budget = new HashBudget(1000, now::get);
        assertEquals(200_000_000L, budget.nanosUntil(200));
        now.addAndGet(200_000_000L);
        assertEquals(0, budget.nanosUntil(200));
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> new HashBudget(0, now::get));
    }
}
