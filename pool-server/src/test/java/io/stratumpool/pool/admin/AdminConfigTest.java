package io.stratumpool.pool.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.config.ConfigException;
import io.stratumpool.pool.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminConfigTest {
    @Test
    void isOffByDefaultAndListensOnLoopback() {
        AdminConfig admin = ConfigLoader.load(null, Map.of()).admin();
        assertEquals(false, admin.enabled());
        assertEquals("127.0.0.1", admin.host());
        assertTrue(admin.loopback());
    }

    @Test
    void refusesANonLoopbackListenerWithoutAToken() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("admin.enabled", "true", "admin.host", "0.0.0.0")));
        assertEquals(1, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).startsWith("admin.token: missing"), e.problems()::toString);
    }

    @Test
    void refusesALoopbackListenerWithoutATokenToo() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of("admin.enabled", "true")));
        assertEquals(List.of("admin.token: missing (expected: a bearer token of at least 16 characters, e.g. ${ADMIN_TOKEN}"
                + " or STRATUMPOOL_ADMIN_TOKEN; without one anyone who reaches 127.0.0.1:8081 could kick miners)"), e.problems());
    }

    @Test
    void acceptsANonLoopbackListenerWithAToken() {
        AdminConfig admin = ConfigLoader.load(null, Map.of("admin.enabled", "true", "admin.host", "0.0.0.0",
                "admin.token", "0123456789abcdef0123")).admin();
        assertEquals("0123456789abcdef0123", admin.token());
    }

    @Test
    void aHostNameIsNotTakenForLoopback() {
        assertEquals(List.of(true, false, true), List.of(new AdminConfig(true, "::1", 0, null).loopback(),
                new AdminConfig(true, "admin.example.org", 0, null).loopback(), new AdminConfig(true, "localhost", 0, null).loopback()));
    }
}
