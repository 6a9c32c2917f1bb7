package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stratumpool.pool.node.config.NodeConfig;
import io.stratumpool.pool.node.config.TipDetectionMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The node config records bind from YAML, and the shipped examples are valid. */
class NodeConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Path EXAMPLES = Path.of(System.getProperty("basedir", "."), "..", "config").normalize();

    static Stream<Path> examples() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            // sandbox.yaml mines without a node, so it has no node: section
            files = list.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("sandbox.yaml")).sorted().toList();
        }
        assertTrue(files.stream().map(p -> p.getFileName().toString()).toList()
                .containsAll(List.of("regtest-bitcoind.yaml", "testnet.yaml", "mainnet.yaml")), files.toString());
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void shippedExampleBindsAndIsValid(Path file) throws Exception {
        JsonNode root = YAML.readTree(file.toFile());
        NodeConfig config = YAML.treeToValue(root.get("node"), NodeConfig.class);

        assertEquals(List.of(), config.problems());
        assertEquals(TipDetectionMode.ZMQ, config.tipDetection().mode());
        assertFalse(config.endpoints().isEmpty());
    }

    @Test
    void leftOutSettingsTakeTheirDefaults() throws Exception {
        NodeConfig config = bind("""
                endpoints:
                  - url: http://127.0.0.1:8332/
                    user: pool
                    password: secret
                """);

        assertEquals(List.of(), config.problems());
        assertEquals(TipDetectionMode.POLL, config.tipDetection().mode());
        assertEquals(100, config.tipDetection().pollIntervalMillis());
        assertEquals(30_000, config.refreshIntervalMillis());
        assertTrue(config.proposals());
        assertEquals(100, config.confirmations().required());
        assertEquals("127.0.0.1:8332", config.endpoints().get(0).displayName());
    }

    @Test
    void everyProblemIsListedTogether() throws Exception {
        NodeConfig config = bind("""
                endpoints:
                  - url: ftp://node/
                    user: pool
                    password: secret
                    cookieFile: /tmp/.cookie
                    requestTimeoutMillis: 0
                tipDetection:
                  mode: ZMQ
                  pollIntervalMillis: -1
                refreshIntervalMillis: 0
                submit:
                  attempts: 0
                """);

        assertEquals(List.of(
                "node.endpoints[0].url: \"ftp://node/\" (expected: http://host:port/)",
                "node.endpoints[0]: set exactly one of password or cookieFile",
                "node.endpoints[0].requestTimeoutMillis: 0 (expected: > 0)",
                "node.tipDetection.zmqEndpoint: missing (expected: tcp://host:port, the node's zmqpubhashblock address)",
                "node.tipDetection.pollIntervalMillis: -1 (expected: > 0)",
                "node.refreshIntervalMillis: 0 (expected: > 0)",
                "node.submit.attempts: 0 (expected: > 0)"), config.problems());
    }

    @Test
    void noEndpointsIsAProblem() throws Exception {
        assertEquals(List.of("node.endpoints: empty (expected: at least one node)"), bind("proposals: false").problems());
    }

    @Test
    void unknownKeysAndModesAreRefused() {
        assertThrows(UnrecognizedPropertyException.class, () -> bind("endpoint: []"));
        Exception e = assertThrows(Exception.class, () -> bind("tipDetection: {mode: carrier-pigeon}"));
        assertTrue(e.getMessage().contains("expected: zmq, longpoll or poll"), e.getMessage());
    }

    private static NodeConfig bind(String yaml) throws Exception {
        return YAML.readValue(yaml, NodeConfig.class);
    }
}
