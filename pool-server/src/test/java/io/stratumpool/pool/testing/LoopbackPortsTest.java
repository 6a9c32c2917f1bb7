package io.stratumpool.pool.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void restartablePortsLieBelowTheEphemeralRange() throws Exception {
        int start = LoopbackPorts.ephemeralRangeStart();
        if (Files.exists(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            assertTrue(start >= 1024 && start != 3, "parsed the range's start: " + start);
        }
        for (int i = 0; i < 20; i++) {
            int port = LoopbackPorts.restartable();
            assertTrue(port >= 10_000 && port < start, port + " not below " + start);
        }
    }
}
