package io.stratumpool.pool.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.sim.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on a free loopback port, with its
 * own config and data in a temporary directory. It is stopped by {@link #close}, by a JVM
 * shutdown hook if the test JVM exits first, and in any case by {@code timeout} after ten minutes.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dir;
    private final int port;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.shutdownHook = new Thread(this::stopProcess, "prometheus-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts Prometheus with this configuration (YAML text) and waits until it is ready. */
    public static PrometheusServer start(String configYaml) throws IOException, InterruptedException {
        Path binary = ExternalTool.require("prometheus", "prometheus");
        Path timeout = ExternalTool.require("timeout", "coreutils");
        Path dir = Files.createTempDirectory("stratumpool-prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), configYaml);
        int port = freeLoopbackPort();
        Process process = new ProcessBuilder(timeout.toString(), "--kill-after=10", MAX_LIFETIME.toSeconds() + "s",
                binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(process, dir, port);
        try {
            server.awaitReady(Duration.ofSeconds(30));
        } catch (RuntimeException | Error | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration limit) throws InterruptedException {
        Waits.until(() -> "prometheus to be ready:\n" + log(), limit, Duration.ofMillis(200), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
            }
            return status("/-/ready") == 200;
        });
    }

    /** Waits until every scrape target reports health "up". */
    public void awaitTargetsUp(Duration limit) throws InterruptedException {
        AtomicReference<JsonNode> targets = new AtomicReference<>();
        Waits.until(() -> "scrape targets up: " + targets.get(), limit, Duration.ofMillis(250), () -> {
            targets.set(json("/api/v1/targets").path("data").path("activeTargets"));
            boolean allUp = targets.get().size() > 0;
            for (JsonNode t : targets.get()) {
                allUp &= "up".equals(t.path("health").asText());
            }
            return allUp;
        });
    }

    /** An instant query through the HTTP API; the whole answer ({@code status}, {@code data}…). */
    public JsonNode query(String promql) {
        return json("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private JsonNode json(String pathAndQuery) {
        try {
            return JSON.readTree(send(pathAndQuery).body());
        } catch (IOException e) {
            throw new UncheckedIOException("prometheus " + pathAndQuery + ": " + e.getMessage(), e);
        }
    }

    /** The HTTP status of a GET, or -1 while nothing answers yet. */
    private int status(String pathAndQuery) {
        try {
            return send(pathAndQuery).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpResponse<String> send(String pathAndQuery) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The server's own log, for failure messages. */
    public String log() {
        try {
            String text = Files.readString(dir.resolve("prometheus.log"));
            return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void stopProcess() {
        process.destroy(); // SIGTERM to timeout, which passes it on to prometheus
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook does the same work
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
