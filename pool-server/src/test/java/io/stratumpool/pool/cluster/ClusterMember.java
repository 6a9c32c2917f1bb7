package io.stratumpool.pool.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.testing.PoolJar;
import io.stratumpool.sim.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One process of a test cluster: the packaged jar with fixed arguments, started again after each kill. */
final class ClusterMember {
    final String name;
    private final Path dir;
    private final List<String> args;
    private final String readyLine;
    private final int apiPort;
    private Process process;
    private int incarnation;

    ClusterMember(Path dir, String name, List<String> args, String readyLine, int apiPort) {
        this.dir = dir;
        this.name = name;
        this.args = args;
        this.readyLine = readyLine;
        this.apiPort = apiPort;
    }

    ClusterMember start() throws Exception {
        incarnation++;
        process = PoolJar.with(args.toArray(String[]::new)).start(log());
        return this;
    }

    /** One series of this member's /metrics, labels included in {@code series} (-1 while it does not answer). */
    double metric(String series) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(
                    l -> Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst().orElse(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    Path log() {
        return dir.resolve(name + "-" + incarnation + ".log");
    }

    String logText() {
        return PoolJar.read(log());
    }

    void awaitReady() throws InterruptedException {
        Process p = process;
        Waits.until(() -> name + " to start:\n" + logText(), Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
            if (!p.isAlive()) {
                throw new AssertionError(name + " exited:\n" + logText());
            }
            return logText().contains(readyLine);
        });
    }

    void killQuietly() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }

    /** SIGTERM (a clean stop); answers the log. */
    String stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop on SIGTERM:\n" + logText());
        }
        return logText();
    }
}
