package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.config.ConfigLoader;
import io.stratumpool.pool.config.PoolConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool that cannot finish starting (here: its API port is taken, after the Stratum port was
 * bound) must not linger half up, accepting miners with its ledger closed: in-process the start
 * throws and the Stratum port is released; the packaged jar exits with status 1.
 */
class StartupFailureIT {

    @Test
    void aPoolWhoseApiPortIsTakenThrowsAndReleasesItsStratumPort(@TempDir Path dir) throws Exception {
        int stratumPort = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PoolConfig config = ConfigLoader.load(null, Map.of("stratum.host", "127.0.0.1",
                    "stratum.ports[0].port", Integer.toString(stratumPort), "stratum.v2.ports[0].port", "0", "pool.dataDir", dir.toString(),
                    "api.host", "127.0.0.1", "api.port", Integer.toString(taken.getLocalPort())));
            Exception e = assertThrows(Exception.class, () -> PoolServer.builder(config).start());
            assertTrue(e instanceof BindException, e::toString);
        }
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), stratumPort).close(),
                "the Stratum port still accepts connections after the failed start");
    }

    @Test
    void thePackagedJarExitsWhenItsApiPortIsTaken(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "pool-server.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "package the jar first: " + jar);
        Path log = dir.resolve("pool.log");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process pool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "--stratum-host", "127.0.0.1", "--stratum-port", Integer.toString(freePort()),
                    "--set", "api.host=127.0.0.1", "--set", "api.port=" + taken.getLocalPort(),
                    "--data-dir", dir.resolve("data").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertTrue(pool.waitFor(30, TimeUnit.SECONDS), () -> "still running after a failed start:\n" + read(log));
                assertEquals(1, pool.exitValue(), () -> read(log));
                assertTrue(read(log).contains("stratumpool: startup failed: cannot listen"), () -> read(log));
            } finally {
                pool.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
