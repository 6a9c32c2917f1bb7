package io.stratumpool.pool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${VAR}} in config values comes from the environment; a missing one is a problem that names it. */
class ConfigEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void aReferenceTakesTheVariablesValue() throws IOException {
        Path file = write("node:\n  endpoints:\n    - url: http://${NODE_HOST}:18443\n      user: pool\n"
                + "      password: ${BITCOIN_RPC_PASSWORD}\npool:\n  address: bcrt1qsejuyfhzq8uqqs8sc096n96d4hz55zl6mhv6lw\n");
        PoolConfig c = ConfigLoader.load(file, Map.of(), Map.of("BITCOIN_RPC_PASSWORD", "s3cret", "NODE_HOST", "bitcoind")::get);
        assertEquals("s3cret", c.node().endpoints().get(0).password());
        assertEquals("http://bitcoind:18443", c.node().endpoints().get(0).url());
    }

    @Test
    void aMissingVariableIsOneProblemNamingTheKeyAndTheVariable() throws IOException {
        Path file = write("pool:\n  tag: ${POOL_TAG}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), name -> null));
        assertEquals(List.of(file + ": pool.tag: environment variable POOL_TAG is not set"
                + " (set it, or write ${POOL_TAG:-default} in the file)"), e.problems());
    }

    @Test
    void aDefaultAppliesWhenTheVariableIsUnsetOrEmpty() throws IOException {
        Path file = write("pool:\n  tag: ${POOL_TAG:-/fallback/}\nsandbox:\n  networkDifficulty: ${DIFF:-0.5}\n");
        assertEquals("/fallback/", ConfigLoader.load(file, Map.of(), Map.of("POOL_TAG", "")::get).pool().tag());
        assertEquals("0.5", ConfigLoader.load(file, Map.of(), name -> null).sandbox().networkDifficulty());
    }

    @Test
    void numbersAndBooleansComeFromTheEnvironmentToo() throws IOException {
        Path file = write("stratum:\n  maxLineLength: ${LINE}\n  ports:\n    - port: ${PORT}\n      vardiff: ${VARDIFF}\n");
        StratumConfig s = ConfigLoader.load(file, Map.of(), Map.of("LINE", "4096", "PORT", "4444", "VARDIFF", "false")::get).stratum();
        assertEquals(4096, s.maxLineLength());
        assertEquals(4444, s.ports().get(0).port());
        assertEquals(false, s.ports().get(0).vardiff());
    }

    @Test
    void aDoubledDollarIsALiteral() throws IOException {
        Path file = write("pool:\n  tag: \"/a$${B}/\"\n");
        assertEquals("/a${B}/", ConfigLoader.load(file, Map.of(), name -> "x").pool().tag());
    }

    @Test
    void anEnumKeyListsItsAllowedValues() throws IOException {
        Path file = write("payout:\n  scheme: fpps\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(List.of("payout.scheme: \"fpps\" (expected: solo, pplns or pps)"), e.problems());
    }

    @Test
    void aYamlSyntaxErrorNamesLineAndColumn() throws IOException {
        Path file = write("pool:\n  tag: \"open\n  nodeId: 1\n\"x\": [\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(1, e.problems().size(), e.problems()::toString);
        assertEquals(true, e.problems().get(0).matches(java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: YAML syntax error: .+"),
                e.problems()::toString);
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("pool.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
