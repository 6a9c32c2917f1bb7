package io.stratumpool.pool.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.stratumpool.pool.testing.Dockerfile;
import io.stratumpool.pool.testing.Dockerfile.Instruction;
import io.stratumpool.pool.testing.PoolJar;
import io.stratumpool.pool.testing.RepoFiles;
import io.stratumpool.sim.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's layout, outside Docker: the image's own {@code RUN install -d …} creates the data
 * directory (re-rooted under a temporary root-owned tree, for the unprivileged user {@code nobody}
 * in place of {@code stratumpool}), then the packaged jar runs as {@code nobody} with docker/pool.yaml
 * and the RPC password only in the environment, against a loopback stand-in for bitcoind's RPC.
 */
class DockerLayoutIT {
    @TempDir
    Path root;

    @Test
    void theUnprivilegedPoolCreatesItsLedgerAndSendsTheRpcPasswordFromTheEnvironment() throws Exception {
        String mount = DockerFilesTest.composePoolDataMount();
        Path data = root.resolve(mount.substring(1));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(data.getParent()); // root's: the container's /var/lib/…
        runDataDirInstruction(mount, data);
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer rpc = fakeRpc(authorizations);
        String secret = "pw-" + UUID.randomUUID();
        Path log = root.resolve("pool.log");
        Process pool = PoolJar.with("--config", RepoFiles.path("docker/pool.yaml").toAbsolutePath().toString(),
                "--stratum-host", "127.0.0.1", "--stratum-port", "0", "--set", "api.host=127.0.0.1", "--set", "api.port=0",
                "--set", "pool.dataDir=" + data, "--set", "node.tipDetection.mode=poll",
                "--set", "node.endpoints[0].url=http://127.0.0.1:" + rpc.getAddress().getPort() + "/")
                .env("BITCOIN_RPC_PASSWORD", secret).asUser("nobody").in(data.getParent()).start(log);
        try {
            Waits.until("the pool to ask the node", Duration.ofSeconds(30), () -> !authorizations.isEmpty());
            String expected = "Basic " + Base64.getEncoder().encodeToString(("stratumpool:" + secret).getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, authorizations.get(0), PoolJar.read(log));
            Waits.until("ledger.db in the volume directory", Duration.ofSeconds(30),
                    () -> Files.isRegularFile(data.resolve("ledger.db")));
            assertEquals("nobody", Files.getOwner(data.resolve("ledger.db")).getName());
            assertTrue(pool.isAlive(), PoolJar.read(log));
        } finally {
            pool.destroy();
            pool.waitFor(20, TimeUnit.SECONDS);
            pool.destroyForcibly();
            rpc.stop(0);
        }
    }

    /** The image's {@code install -d -o stratumpool -g stratumpool -m … <mount>}, for nobody under {@code data}. */
    private static void runDataDirInstruction(String mount, Path data) throws Exception {
        List<Instruction> stage = Dockerfile.read(RepoFiles.path("docker/Dockerfile")).finalStage();
        String user = Dockerfile.last(stage, "USER").orElseThrow().arguments();
        List<String> command = new ArrayList<>();
        for (String word : DockerFilesTest.dataDirInstall(stage, mount).arguments().split("\\s+")) {
            command.add(word.equals(user) ? null : word.equals(mount) ? data.toString() : word);
        }
        command.set(command.indexOf(null), "nobody");
        command.set(command.indexOf(null), group("nobody"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + new String(p.getInputStream().readAllBytes()));
    }

    private static String group(String user) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-gn", user).start();
        p.waitFor(5, TimeUnit.SECONDS);
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /** Records each request's Authorization header and answers like a node that has no template yet. */
    private static HttpServer fakeRpc(List<String> authorizations) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "(none)" : auth);
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"result\":null,\"error\":{\"code\":-10,\"message\":\"Bitcoin Core is in initial sync\"},\"id\":1}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
