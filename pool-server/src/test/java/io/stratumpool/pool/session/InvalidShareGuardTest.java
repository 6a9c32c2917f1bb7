package io.stratumpool.pool.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InvalidShareGuardTest {

    @Test
    void bansWhenAFullWindowIsMostlyInvalid() {
        InvalidShareGuard guard = new InvalidShareGuard(0.9);
        for (int i = 0; i < 5; i++) {
            guard.onValid();
        }
        for (int i = 0; i < 94; i++) {
            assertFalse(guard.onInvalid());
        }
        assertTrue(guard.onInvalid(), "95 of 100 invalid");
    }

    @Test
    void toleratesARatioAtTheLimitAndStartsEachWindowAfresh() {
        InvalidShareGuard guard = new InvalidShareGuard(0.9);
        for (int i = 0; i < 10; i++) {
            guard.onValid();
        }
        boolean banned = false;
        for (int i = 0; i < 90; i++) {
            banned |= guard.onInvalid();
        }
        assertFalse(banned, "90 of 100 is not over 0.9");
        for (int i = 0; i < 50; i++) {
            assertFalse(guard.onInvalid(), "a new window needs 100 shares first");
        }
    }

    @Test
    void ratioOneNeverBans() {
        InvalidShareGuard guard = new InvalidShareGuard(1.0);
        for (int i = 0; i < 1000; i++) {
            assertFalse(guard.onInvalid());
        }
    }
}
