package io.stratumpool.pool.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stratumpool.pool.testing.ExternalTool;
import io.stratumpool.pool.testing.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker/docker-compose.yml as a real compose parser reads it ({@code docker-compose config},
 * Debian's package, needs no Docker daemon): valid, the four services, bind mounts that exist,
 * and the pool, Prometheus and the pool's config agreeing on names and ports.
 */
class ComposeConfigIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void composeFileParsesIntoNodePoolPrometheusAndGrafanaWithExistingMounts() throws Exception {
        JsonNode config = YAML.readTree(resolvedConfig());
        JsonNode services = config.path("services");
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(Set.of("bitcoind", "pool", "prometheus", "grafana")), names);
        for (String name : names) {
            for (Path source : bindSources(services.get(name))) {
                assertTrue(Files.exists(source), name + " mounts " + source + ", which does not exist");
            }
        }
    }

    @Test
    void poolIsBuiltFromTheDockerfileWithItsConfigMountedAndPrometheusScrapesItsApiPort() throws Exception {
        JsonNode pool = YAML.readTree(resolvedConfig()).path("services").path("pool");
        assertEquals(RepoFiles.path("").toRealPath(), Path.of(pool.path("build").path("context").asText()).toRealPath());
        assertEquals("docker/Dockerfile", pool.path("build").path("dockerfile").asText());
        String configPath = pool.path("environment").path("STRATUMPOOL_CONFIG").asText();
        assertTrue(pool.path("volumes").toString().contains(RepoFiles.path("docker/pool.yaml") + ":" + configPath + ":ro"),
                () -> "docker/pool.yaml mounted at " + configPath + ": " + pool.path("volumes"));
        assertTrue(pool.path("ports").toString().contains("\"target\":8080"), pool.path("ports").toString());
        String scrape = Files.readString(RepoFiles.path("docker/prometheus/prometheus.yml"));
        assertTrue(scrape.contains("\"pool:8080\""), "Prometheus scrapes the pool service's API port:\n" + scrape);
    }

    @Test
    void clusterComposeFileRunsKafkaPostgresTwoStratumNodesAccountingPrometheusAndGrafana() throws Exception {
        JsonNode services = YAML.readTree(resolvedConfig("docker/docker-compose.cluster.yml")).path("services");
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(Set.of("bitcoind", "kafka", "postgres", "stratum1", "stratum2", "accounting",
                "prometheus", "grafana")), names);
        for (String name : names) {
            for (Path source : bindSources(services.get(name))) {
                assertTrue(Files.exists(source), name + " mounts " + source + ", which does not exist");
            }
        }
        assertTrue(services.path("kafka").path("image").asText().startsWith("apache/kafka:"), "the official image");
        assertEquals("broker,controller", services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText(),
                "KRaft mode");
        assertEquals("[\"--set\",\"pool.nodeId=1\"]", services.path("stratum1").path("command").toString());
        assertEquals("[\"--set\",\"pool.nodeId=2\"]", services.path("stratum2").path("command").toString());
        java.util.Map<String, String> env = java.util.Map.of("BITCOIN_RPC_PASSWORD", "x", "POSTGRES_PASSWORD", "y");
        var stratum = io.stratumpool.pool.config.ConfigLoader.load(RepoFiles.path("docker/cluster/stratum.yaml"),
                java.util.Map.of("pool.nodeId", "1"), env::get);
        assertEquals(io.stratumpool.pool.config.PoolSection.Role.STRATUM, stratum.pool().role());
        assertEquals("kafka:9092", stratum.cluster().bootstrapServers());
        var accounting = io.stratumpool.pool.config.ConfigLoader.load(RepoFiles.path("docker/cluster/accounting.yaml"),
                java.util.Map.of(), env::get);
        assertEquals(io.stratumpool.pool.config.PoolSection.Role.ACCOUNTING, accounting.pool().role());
        assertEquals("jdbc:postgresql://postgres:5432/stratumpool", accounting.ledger().url());
        String scrape = Files.readString(RepoFiles.path("docker/cluster/prometheus.yml"));
        assertTrue(scrape.contains("[\"stratum1:8080\", \"stratum2:8080\", \"accounting:8080\"]"), scrape);
    }

    private static String resolvedConfig() throws IOException, InterruptedException {
        return resolvedConfig("docker/docker-compose.yml");
    }

    /** {@code docker-compose config}: the file with defaults applied and relative paths made absolute. */
    private static String resolvedConfig(String file) throws IOException, InterruptedException {
        Path tool = ExternalTool.require("docker-compose", "docker-compose");
        Path out = Files.createTempFile("compose-config", ".yml");
        Path err = Files.createTempFile("compose-config", ".err");
        try {
            Process p = new ProcessBuilder(tool.toString(), "-f", RepoFiles.path(file).toString(), "config")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("docker-compose config did not finish within 60 s");
            }
            String errors = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), () -> "docker-compose config failed:\n" + errors);
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Host paths of a service's bind mounts ("/abs/src:/dst[:mode]"; named volumes are skipped). */
    private static List<Path> bindSources(JsonNode service) {
        List<Path> sources = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            String spec = volume.isTextual() ? volume.asText() : volume.path("source").asText();
            String source = spec.split(":", 2)[0];
            if (source.startsWith("/")) {
                sources.add(Path.of(source));
            }
        }
        return sources;
    }
}
