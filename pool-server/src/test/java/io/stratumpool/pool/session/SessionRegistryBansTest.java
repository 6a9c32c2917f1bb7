package io.stratumpool.pool.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.metrics.PoolMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** User bans in the registry both protocols ask: a one-line reason while they last, nothing after. */
class SessionRegistryBansTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final SessionRegistry registry = new SessionRegistry(new ExtranonceAllocator(4, 1, 0), new PoolMetrics(), clock, 100, 10);

    @Test
    void aBannedUserIsRefusedWithTheBansEndUntilItExpires() {
        assertNull(registry.userBanRefusal("mallory"));
        registry.banUserAndKick("mallory", 60_000);
        assertEquals("user mallory is banned until 2026-12-02T12:01:00Z", registry.userBanRefusal("mallory"));
        assertNull(registry.userBanRefusal("alice"), "only that user");
        assertEquals(Map.of("mallory", Instant.parse("2026-12-02T12:01:00Z").toEpochMilli()), registry.userBans());
        clock.advance(Duration.ofSeconds(60));
        assertNull(registry.userBanRefusal("mallory"), "over at its end");
        assertTrue(registry.userBans().isEmpty());
    }

    @Test
    void unbanningEndsTheBanAndSaysWhetherThereWasOne() {
        registry.banUserAndKick("mallory", 60_000);
        assertTrue(registry.unbanUser("mallory"));
        assertNull(registry.userBanRefusal("mallory"));
        assertFalse(registry.unbanUser("mallory"), "no ban any more");
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
