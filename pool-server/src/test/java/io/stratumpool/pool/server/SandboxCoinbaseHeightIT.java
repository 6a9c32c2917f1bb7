package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.SimMiner;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A fresh sandbox chain's first mining.notify, as a Bitaxe receives it, carries the BIP34 height as a
 * 1..4 byte data push (ESP-Miner decodes nothing else, so never OP_1..OP_16), for the height above
 * the configured genesis; and the Bitaxe mines on it.
 */
class SandboxCoinbaseHeightIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** version (4) + input count (1) + null prevout (36): the scriptSig length comes next. */
    private static final int SCRIPT_SIG_LENGTH_AT = 41;

    @ParameterizedTest(name = "genesisHeight={0}")
    @CsvSource({"default, 101, 1", "16, 17, 1", "300, 301, 2", "70000, 70001, 3"})
    void firstNotifyCarriesTheHeightAboveGenesisAsADataPush(String genesisHeight, long expectedHeight, int pushLength)
            throws Exception {
        Map<String, String> extra = genesisHeight.equals("default") ? Map.of() : Map.of("sandbox.genesisHeight", genesisHeight);
        try (PoolFixture fixture = new PoolFixture("0.002", extra)) {
            SimMiner miner = fixture.start(fixture.options(FirmwareProfile.BITAXE, "alice.bitaxe").hashrate(2_000_000).build());
            try {
                assertTrue(miner.awaitAccepted(1, TIMEOUT), () -> "no accepted share:\n" + miner.transcript());
                byte[] coinb1 = HexFormat.of().parseHex(firstNotify(miner).get("params").get(2).asText());
                int scriptSigLength = coinb1[SCRIPT_SIG_LENGTH_AT] & 0xff;
                assertTrue(scriptSigLength >= 2 && scriptSigLength <= 100, "scriptSig length " + scriptSigLength);
                int push = coinb1[SCRIPT_SIG_LENGTH_AT + 1] & 0xff;
                assertEquals(pushLength, push, "the height's opcode must be a " + pushLength + "-byte data push, not OP_n");
                assertEquals(expectedHeight, littleEndian(coinb1, SCRIPT_SIG_LENGTH_AT + 2, push));
            } finally {
                miner.close();
            }
        }
    }

    private static JsonNode firstNotify(SimMiner miner) throws Exception {
        for (String line : miner.transcript().received()) {
            JsonNode node = JSON.readTree(line);
            if ("mining.notify".equals(node.path("method").asText())) {
                return node;
            }
        }
        throw new AssertionError("no mining.notify received:\n" + miner.transcript());
    }

    private static long littleEndian(byte[] bytes, int from, int length) {
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = value << 8 | (bytes[from + i] & 0xff);
        }
        return value;
    }
}
