package io.stratumpool.pool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void noFileGivesTheEmbeddedDefaults() {
        PoolConfig c = ConfigLoader.load(null, Map.of());
        assertEquals(3333, c.stratum().ports().get(0).port());
        assertEquals("0.0.0.0", c.stratum().host());
        assertEquals(8192, c.stratum().maxLineLength());
        assertEquals(0x1fffe000L, c.stratum().versionMaskValue());
        assertEquals("regtest", c.pool().network());
        assertEquals("auto", c.stratum().transport());
    }

    @Test
    void transportIsOneOfAutoIoUringEpollNio() {
        assertEquals("io_uring", ConfigLoader.load(null, Map.of("stratum.transport", "io_uring")).stratum().transport());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of("stratum.transport", "kqueue")));
        assertHas(e.problems(), "stratum.transport: kqueue (expected: auto, io_uring, epoll, nio)");
    }

    @Test
    void roleIsAllUnlessSetAndClusterKeysAreCheckedOnlyForClusterRoles() {
        PoolConfig all = ConfigLoader.load(null, Map.of());
        assertEquals(PoolSection.Role.ALL, all.pool().role());
        PoolConfig stratum = ConfigLoader.load(null, Map.of("pool.role", "stratum",
                "cluster.bootstrapServers", "127.0.0.1:9092,10.0.0.2:9092", "pool.dataDir", dir.toString()));
        assertEquals(PoolSection.Role.STRATUM, stratum.pool().role());
        assertEquals("stratumpool.shares", stratum.cluster().sharesTopic());
        assertEquals(dir.resolve("spool").toString(), stratum.cluster().spoolDir());

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(
                "pool.role", "accounting", "cluster.sharesTopic", "bad topic!", "cluster.ackTimeoutMillis", "5")));
        assertHas(e.problems(), "cluster.bootstrapServers: null (expected host:port");
        assertHas(e.problems(), "cluster.sharesTopic: bad topic!");
        assertHas(e.problems(), "cluster.ackTimeoutMillis: 5 (expected 1000..600000)");
        assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of("pool.role", "miner")));
    }

    @Test
    void reportsEveryProblemAtOnce() throws IOException {
        Path file = write("""
                stratum:
                  port: 3333
                  maxLineLength: abc
                  extranonce2Size: 40
                  ports:
                    - port: 70000
                      minDifficulty: -1
                  limits:
                    idleTimeoutSecs: 5
                pool:
                  network: moonnet
                sandbox:
                  networkDifficulty: lots
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        List<String> p = e.problems();
        assertHas(p, "stratum.port: unknown key");
        assertHas(p, "stratum.maxLineLength: \"abc\" (expected: a whole number)");
        assertHas(p, "stratum.extranonce2Size: 40 (expected: 2..16)");
        assertHas(p, "stratum.ports[0].port: 70000 (expected: 0..65535)");
        assertHas(p, "stratum.ports[0].minDifficulty: -1.0 (expected: a number > 0)");
        assertHas(p, "stratum.limits.idleTimeoutSecs: unknown key");
        assertHas(p, "pool.network:");
        assertHas(p, "sandbox.networkDifficulty: lots");
        assertTrue(e.getMessage().startsWith("invalid configuration (" + p.size() + " problems)"), e.getMessage());
    }

    @Test
    void sandboxGenesisHeightDefaultsAboveSixteenAndRejectsHeightsThatWouldBeOpN() {
        assertEquals(100, ConfigLoader.load(null, Map.of()).sandbox().genesisHeight());
        assertEquals(16, ConfigLoader.load(null, Map.of("sandbox.genesisHeight", "16")).sandbox().genesisHeight());
        ConfigException low = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("sandbox.genesisHeight", "15")));
        assertHas(low.problems(), "sandbox.genesisHeight: 15 (expected: 16..2147483646; blocks above height 16 carry");
        ConfigException high = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("sandbox.genesisHeight", "2147483647")));
        assertHas(high.problems(), "sandbox.genesisHeight: 2147483647 (expected: 16..2147483646");
    }

    @Test
    void overridesReachNestedKeysAndListEntries() throws IOException {
        Path file = write("stratum:\n  ports:\n    - port: 4000\n      initialDifficulty: 2\n");
        PoolConfig c = ConfigLoader.load(file, Map.of("stratum.ports[0].port", "4001", "stratum.limits.maxConnections", "20000",
                "sandbox.networkDifficulty", "regtest"));
        assertEquals(4001, c.stratum().ports().get(0).port());
        assertEquals(2.0, c.stratum().ports().get(0).initialDifficulty());
        assertEquals(20000, c.stratum().limits().maxConnections());
        assertEquals(0x207fffffL, c.sandbox().nBits());
    }

    @Test
    void rejectsAPoolAddressOfAnotherNetwork() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
                Map.of("pool.address", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "pool.network", "testnet")));
        assertHas(e.problems(), "pool.address:");
    }

    @Test
    void unreadableYamlIsAProblemNotACrash() throws IOException {
        Path file = write("stratum: [unclosed\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(1, e.problems().size());
    }

    /** Every shipped example binds and validates; node configs lack only the operator's own pool address. */
    @Test
    void shippedExampleConfigsLoad() throws IOException {
        Path configDir = Path.of("..", "config");
        Map<String, String> addresses = Map.of("regtest", "bcrt1qsejuyfhzq8uqqs8sc096n96d4hz55zl6mhv6lw",
                "testnet", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "mainnet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
        try (var files = Files.list(configDir)) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(yamls.size() >= 4, "example configs in " + configDir.toAbsolutePath() + ": " + yamls);
            for (Path f : yamls) {
                PoolConfig c;
                try {
                    c = ConfigLoader.load(f, Map.of());
                } catch (ConfigException e) {
                    assertEquals(1, e.problems().size(), f + ": " + e.problems());
                    assertTrue(e.problems().get(0).startsWith("pool.address: missing"), f + ": " + e.problems());
                    String network = new com.fasterxml.jackson.databind.ObjectMapper(
                            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(f.toFile()).path("pool").path("network").asText();
                    c = ConfigLoader.load(f, Map.of("pool.address", addresses.get(network)));
                }
                assertEquals(f.getFileName().toString().equals("sandbox.yaml"), !c.usesNode(), f.toString());
            }
        }
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("pool.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static void assertHas(List<String> problems, String prefix) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(prefix)), "no problem starting with <" + prefix + "> in " + problems);
    }
}
