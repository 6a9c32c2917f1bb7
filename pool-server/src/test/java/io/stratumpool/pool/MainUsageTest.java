package io.stratumpool.pool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainUsageTest {
    @Test
    void helpNamesTheRolesAndTheirFlags() {
        String usage = Main.usage();
        assertTrue(usage.contains("--role=VALUE"), usage);
        assertTrue(usage.contains("all (default"), usage);
        assertTrue(usage.contains("stratum") && usage.contains("accounting"), usage);
        assertTrue(usage.contains("--kafka=VALUE"), usage);
        assertTrue(usage.contains("STRATUMPOOL_ROLE"), usage);
    }
}
