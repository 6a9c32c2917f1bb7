package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.testing.ReadmeRunCommand;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sim.Waits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's run command: the packaged jar with no arguments starts on the sandbox chain with
 * Stratum on 3333 and HTTP on 8080, serves a miner, and stops gracefully on SIGTERM.
 */
class JarDefaultsIT {

    @Test
    void packagedJarWithNoArgumentsServesMinersOn3333AndTheApiOn8080() throws Exception {
        Path jar = Path.of("target", "pool-server.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "package the jar first: " + jar);
        Path workDir = Files.createTempDirectory("stratumpool-jar");
        Path log = workDir.resolve("pool.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ReadmeRunCommand.read().jvmOptions()); // the README's JVM options, as it runs the jar
        command.addAll(List.of("-jar", jar.toString()));
        Process pool = new ProcessBuilder(command)
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Waits.until("the API to listen on 0.0.0.0:8080", Duration.ofSeconds(30), () -> contains(log, "HTTP API and /metrics on 0.0.0.0:8080"));
            assertTrue(contains(log, "Stratum listening on [/[0:0:0:0:0:0:0:0]:3333]"), read(log));
            try (SimRuntime sims = new SimRuntime(1, 1)) {
                SimMiner miner = new SimMiner(sims, MinerOptions.builder("127.0.0.1", 3333).profile(FirmwareProfile.NERDMINER)
                        .user("readme.check").build());
                miner.start();
                assertTrue(miner.awaitAccepted(1, Duration.ofSeconds(60)), () -> miner.transcript().toString());
            }
            HttpResponse<String> api = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/api/pool")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, api.statusCode());
            assertTrue(api.body().contains("\"scheme\":\"pplns\""), api.body());
            assertTrue(Files.isRegularFile(workDir.resolve("data").resolve("ledger.db")), "ledger under ./data");
        } finally {
            pool.destroy(); // SIGTERM: the graceful path
            assertTrue(pool.waitFor(20, TimeUnit.SECONDS), "pool did not stop on SIGTERM");
        }
        assertTrue(contains(log, "stopped"), read(log));
    }

    private static boolean contains(Path log, String text) {
        return read(log).contains(text);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
