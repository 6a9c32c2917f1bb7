package io.stratumpool.pool.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stratumpool.pool.config.ConfigLoader;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.testing.Dockerfile;
import io.stratumpool.pool.testing.Dockerfile.Instruction;
import io.stratumpool.pool.testing.ReadmeRunCommand;
import io.stratumpool.pool.testing.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files under docker/ agree with the README, with the pool's config format and with each other. */
class DockerFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void imageIsBuiltWithTheReadmesCommandAndRunsTheJarItBuilds() throws IOException {
        ReadmeRunCommand readme = ReadmeRunCommand.read();
        Dockerfile dockerfile = Dockerfile.read(RepoFiles.path("docker/Dockerfile"));
        List<Instruction> build = dockerfile.stage("build");
        List<String> runs = Dockerfile.all(build, "RUN").stream().map(Instruction::arguments).toList();
        assertEquals(List.of(readme.build()), runs, "the build stage runs exactly the README's build command");
        String workdir = Dockerfile.last(build, "WORKDIR").orElseThrow().arguments();
        List<Instruction> run = dockerfile.finalStage();
        String copy = Dockerfile.all(run, "COPY").stream().map(Instruction::arguments)
                .filter(a -> a.startsWith("--from=build ")).findFirst().orElseThrow();
        String[] paths = copy.substring("--from=build ".length()).split("\\s+");
        assertEquals(workdir + "/" + readme.jar(), paths[0], "the image takes the jar the README runs");
        String entrypoint = Dockerfile.last(run, "ENTRYPOINT").orElseThrow().arguments();
        assertTrue(entrypoint.contains("\"-jar\", \"" + paths[1] + "\""), entrypoint);
        for (String option : readme.jvmOptions()) { // the measured JVM defaults, in the image as in the README
            assertTrue(entrypoint.contains("\"" + option + "\""), option + " missing from " + entrypoint);
        }
    }

    @Test
    void runtimeStageIsAJreRunningAsNonRootWithAHealthCheckOnTheApiPort() throws IOException {
        List<Instruction> run = Dockerfile.read(RepoFiles.path("docker/Dockerfile")).finalStage();
        assertTrue(run.get(0).arguments().contains("-jre"), run.get(0).toString());
        String user = Dockerfile.last(run, "USER").orElseThrow().arguments();
        assertFalse(user.equals("root") || user.startsWith("0"), user);
        assertEquals("3333 3336 8080", Dockerfile.last(run, "EXPOSE").orElseThrow().arguments());
        String health = Dockerfile.last(run, "HEALTHCHECK").orElseThrow().arguments();
        assertTrue(health.contains("/dev/tcp/127.0.0.1/8080") && health.contains("GET /health"), health);
    }

    @Test
    void composePoolConfigLoadsAndListensWhereComposeAndPrometheusExpect() throws IOException {
        PoolConfig config = ConfigLoader.load(RepoFiles.path("docker/pool.yaml"), Map.of(), composePoolEnvironment()::get);
        assertEquals("0.0.0.0", config.api().host());
        assertEquals(8080, config.api().port());
        assertEquals("0.0.0.0", config.stratum().host());
        assertEquals(3333, config.stratum().ports().get(0).port());
    }

    /** The compose file gives the pool the node's RPC password, and pool.yaml reads it from there. */
    @Test
    void thePoolsRpcPasswordIsTheOneBitcoindIsStartedWith() throws IOException {
        JsonNode services = YAML.readTree(RepoFiles.path("docker/docker-compose.yml").toFile()).path("services");
        String bitcoind = services.path("bitcoind").path("command").toString();
        assertTrue(bitcoind.contains("-rpcpassword=${BITCOIN_RPC_PASSWORD:-change-me}"), bitcoind);
        assertEquals("${BITCOIN_RPC_PASSWORD:-change-me}", services.path("pool").path("environment").path("BITCOIN_RPC_PASSWORD").asText());
        assertTrue(Files.readString(RepoFiles.path("docker/pool.yaml")).contains("password: ${BITCOIN_RPC_PASSWORD}"));
        PoolConfig config = ConfigLoader.load(RepoFiles.path("docker/pool.yaml"), Map.of(),
                Map.of("BITCOIN_RPC_PASSWORD", "from-the-env")::get);
        assertEquals("from-the-env", config.node().endpoints().get(0).password());
    }

    /**
     * A fresh named volume takes the owner of the image's directory it is mounted on: the image must
     * create the pool's data directory (pool.yaml's dataDir, compose's pool-data mount) and give it
     * to the user the pool runs as, or the pool cannot create its SQLite file.
     */
    @Test
    void imageCreatesTheDataVolumeDirectoryOwnedByThePoolsUser() throws IOException {
        String mount = composePoolDataMount();
        PoolConfig config = ConfigLoader.load(RepoFiles.path("docker/pool.yaml"), Map.of(), composePoolEnvironment()::get);
        assertEquals(mount, config.pool().dataDir(), "pool.yaml's dataDir is the volume's mount path");
        List<Instruction> run = Dockerfile.read(RepoFiles.path("docker/Dockerfile")).finalStage();
        String user = Dockerfile.last(run, "USER").orElseThrow().arguments();
        int userAt = run.indexOf(Dockerfile.last(run, "USER").orElseThrow());
        Instruction install = dataDirInstall(run, mount);
        assertTrue(run.indexOf(install) < userAt, "created as root, before USER");
        assertTrue(install.arguments().matches("install -d -o " + user + " -g " + user + " -m 7[0-7]0 " + mount), install.toString());
        assertEquals(mount, Dockerfile.last(run, "VOLUME").orElseThrow().arguments());
    }

    /** The runtime stage's {@code RUN install -d … <mount>} that creates the data directory. */
    static Instruction dataDirInstall(List<Instruction> run, String mount) {
        return Dockerfile.all(run, "RUN").stream().filter(i -> i.arguments().startsWith("install -d ")
                && i.arguments().endsWith(" " + mount)).findFirst()
                .orElseThrow(() -> new AssertionError("no 'RUN install -d … " + mount + "' in the runtime stage"));
    }

    /** Where compose mounts the pool-data volume in the pool container. */
    static String composePoolDataMount() throws IOException {
        JsonNode volumes = YAML.readTree(RepoFiles.path("docker/docker-compose.yml").toFile()).path("services").path("pool").path("volumes");
        for (JsonNode v : volumes) {
            if (v.asText().startsWith("pool-data:")) {
                return v.asText().substring("pool-data:".length());
            }
        }
        throw new AssertionError("no pool-data volume: " + volumes);
    }

    /** The pool service's environment as compose resolves it with nothing set: {@code ${X:-d}} gives d. */
    static Map<String, String> composePoolEnvironment() throws IOException {
        JsonNode env = YAML.readTree(RepoFiles.path("docker/docker-compose.yml").toFile()).path("services").path("pool").path("environment");
        Map<String, String> resolved = new java.util.HashMap<>();
        env.fields().forEachRemaining(e -> resolved.put(e.getKey(),
                e.getValue().asText().replaceAll("\\$\\{[A-Za-z_0-9]+:-([^}]*)}", "$1")));
        return resolved;
    }

    @Test
    void everyDashboardQuerySelectsTheInstancesChosenInItsInstanceVariable() throws IOException {
        JsonNode dashboard = JSON.readTree(RepoFiles.path("docker/grafana/dashboards/stratumpool.json").toFile());
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertEquals("instance", variable.path("name").asText());
        assertTrue(variable.path("multi").asBoolean() && variable.path("includeAll").asBoolean(), "one node or all");
        assertTrue(variable.path("definition").asText().contains("instance"), variable.toString());
        java.util.regex.Pattern metric = java.util.regex.Pattern.compile("\\b([a-z][a-z0-9]*_[a-z0-9_]++)(\\{[^}]*})?(?!\\s*\\()");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                var m = metric.matcher(expr);
                while (m.find()) {
                    if (!m.group(1).equals("histogram_quantile") && !expr.startsWith("$", m.start() - 1)) {
                        assertTrue(m.group(2) != null && m.group(2).contains("instance=~\"$instance\""),
                                panel.path("title").asText() + ": " + m.group(1) + " without the instance filter in " + expr);
                    }
                }
            }
        }
    }

    @Test
    void grafanaDashboardUsesTheProvisionedDatasourceAndIsMountedWhereTheProviderLooks() throws IOException {
        JsonNode datasource = YAML.readTree(RepoFiles.path("docker/grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").get(0);
        String uid = datasource.path("uid").asText();
        JsonNode dashboard = JSON.readTree(RepoFiles.path("docker/grafana/dashboards/stratumpool.json").toFile());
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                assertEquals(uid, target.path("datasource").path("uid").asText(), panel.path("title").asText());
                queries++;
            }
            if (!panel.path("type").asText().equals("row")) {
                assertEquals(uid, panel.path("datasource").path("uid").asText(), panel.path("title").asText());
                assertTrue(panel.path("targets").size() > 0, "a panel without a query: " + panel.path("title"));
            }
        }
        assertTrue(queries >= 20, "queries: " + queries);
        String providerPath = YAML.readTree(RepoFiles.path("docker/grafana/provisioning/dashboards/dashboards.yml").toFile())
                .path("providers").get(0).path("options").path("path").asText();
        JsonNode grafana = YAML.readTree(RepoFiles.path("docker/docker-compose.yml").toFile()).path("services").path("grafana");
        assertTrue(grafana.path("volumes").toString().contains("./grafana/dashboards:" + providerPath + ":ro"),
                grafana.path("volumes").toString());
        JsonNode prometheus = YAML.readTree(RepoFiles.path("docker/prometheus/prometheus.yml").toFile());
        assertEquals(prometheus.path("global").path("scrape_interval").asText(),
                datasource.path("jsonData").path("timeInterval").asText(), "Grafana's $__rate_interval assumes the scrape interval");
    }
}
