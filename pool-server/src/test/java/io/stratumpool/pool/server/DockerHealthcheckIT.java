package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.pool.testing.Dockerfile;
import io.stratumpool.pool.testing.RepoFiles;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The image's HEALTHCHECK command, taken from docker/Dockerfile and run here with bash as Docker
 * would run it in the container (only the API port swapped for the test's): healthy against a
 * running pool, unhealthy when nothing listens.
 */
class DockerHealthcheckIT {

    @Test
    void healthCheckPassesAgainstARunningPoolAndFailsWhenNothingListens() throws Exception {
        List<String> command = healthCheckCommand();
        try (PoolFixture fixture = new PoolFixture("0.01")) {
            assertEquals(0, run(command, fixture.pool.apiPort()), "healthy pool");
        }
        assertNotEquals(0, run(command, closedPort()), "nothing listening");
    }

    /** The exec-form command of {@code HEALTHCHECK [options] CMD ["bash", "-c", "…"]}. */
    private static List<String> healthCheckCommand() throws Exception {
        Dockerfile dockerfile = Dockerfile.read(RepoFiles.path("docker/Dockerfile"));
        String health = Dockerfile.last(dockerfile.finalStage(), "HEALTHCHECK").orElseThrow().arguments();
        String json = health.substring(health.indexOf("CMD ") + 4).strip();
        List<String> command = new ArrayList<>();
        new ObjectMapper().readTree(json).forEach(n -> command.add(n.asText()));
        assertTrue(command.get(command.size() - 1).contains("/dev/tcp/127.0.0.1/8080"), command.toString());
        return command;
    }

    private static int run(List<String> command, int apiPort) throws Exception {
        List<String> local = new ArrayList<>(command);
        int last = local.size() - 1;
        local.set(last, local.get(last).replace("/dev/tcp/127.0.0.1/8080", "/dev/tcp/127.0.0.1/" + apiPort));
        Process p = new ProcessBuilder(local).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) { // Docker's --timeout=5s would call it unhealthy
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
