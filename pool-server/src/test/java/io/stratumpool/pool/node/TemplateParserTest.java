package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratumpool.pool.node.TemplateParseException.Reason;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Transaction;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TemplateParserTest {

    @Test
    void parsesEveryFieldOfASegwitTemplate() throws Exception {
        ParsedTemplate parsed = TemplateParser.parse(TemplateJson.valid());
        BlockTemplate t = parsed.template();

        assertEquals(820_000, t.height());
        assertEquals(0x20000000, t.version());
        assertEquals(Hash256.fromHexReversed(TemplateJson.PREV_HASH), t.prevHash());
        assertEquals(0x1702b547L, t.nBits());
        assertEquals(1_700_000_600L, t.curTime());
        assertEquals(1_700_000_000L, t.minTime());
        assertEquals(312_515_000L, t.coinbaseValue());
        assertEquals(2, t.transactions().size());
        assertEquals(Transaction.parse(TemplateJson.CHILD).txid(), t.transactions().get(1).txid());
        assertEquals(List.of(1), t.transactions().get(1).depends());
        assertEquals(5_000, t.transactions().get(1).fee());
        assertTrue(t.hasWitnessCommitment());
        assertEquals(TemplateJson.valid().get("default_witness_commitment").asText(), Hex.encode(t.witnessCommitmentScript()));
        assertEquals(0, t.coinbaseAuxFlags().length);
        assertEquals(TemplateJson.PREV_HASH + "12", parsed.longPollId());
        assertTrue(parsed.proposalCapable());
    }

    @Test
    void takesBcoinsCoinbaseAuxFlags() throws Exception {
        ObjectNode json = TemplateJson.valid();
        json.putObject("coinbaseaux").put("flags", "6d696e65642062792062636f696e");

        assertArrayEquals("mined by bcoin".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                TemplateParser.parse(json).template().coinbaseAuxFlags());
    }

    @Test
    void refusesATxidThatDisagreesWithTheData() {
        ObjectNode json = TemplateJson.valid();
        TemplateJson.transaction(json, 1).put("txid", Transaction.parse(TemplateJson.PARENT).txid().toHexReversed());

        TemplateParseException e = assertThrows(TemplateParseException.class, () -> TemplateParser.parse(json));
        assertEquals(Reason.TRANSACTION_ID_MISMATCH, e.reason());
        assertTrue(e.getMessage().startsWith("transactions[1].txid: "), e.getMessage());
    }

    @Test
    void refusesAWtxidThatDisagreesWithTheData() {
        ObjectNode json = TemplateJson.valid();
        // A node that reports the txid as "hash" for a segwit transaction is wrong.
        TemplateJson.transaction(json, 0).put("hash", Transaction.parse(TemplateJson.PARENT).txid().toHexReversed());

        TemplateParseException e = assertThrows(TemplateParseException.class, () -> TemplateParser.parse(json));
        assertEquals(Reason.TRANSACTION_ID_MISMATCH, e.reason());
        assertTrue(e.getMessage().startsWith("transactions[0].hash: "), e.getMessage());
    }

    @Test
    void refusesAWitnessCommitmentThatDisagreesWithTheWtxids() {
        ObjectNode json = TemplateJson.valid();
        String good = json.get("default_witness_commitment").asText();
        json.put("default_witness_commitment", good.substring(0, 70) + (good.charAt(70) == '0' ? '1' : '0') + good.substring(71));

        TemplateParseException e = assertThrows(TemplateParseException.class, () -> TemplateParser.parse(json));
        assertEquals(Reason.WITNESS_COMMITMENT_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("computed from the 2 wtxids"), e.getMessage());
    }

    @Test
    void refusesACommitmentForTransactionsInAnotherOrder() {
        ObjectNode json = TemplateJson.valid();
        var txs = json.withArray("transactions");
        var first = txs.remove(0);
        txs.add(first);
        TemplateJson.transaction(json, 0).putArray("depends");
        TemplateJson.transaction(json, 1).putArray("depends");

        assertEquals(Reason.WITNESS_COMMITMENT_MISMATCH,
                assertThrows(TemplateParseException.class, () -> TemplateParser.parse(json)).reason());
    }

    @Test
    void ignoresBcoinsCommitmentBeforeSegwitActivates() throws Exception {
        ObjectNode json = TemplateJson.valid();
        json.putArray("rules"); // bcoin regtest below height 432: no segwit rule, yet a commitment
        json.putArray("transactions");
        json.put("default_witness_commitment", "6a24aa21a9ed" + "00".repeat(32));

        BlockTemplate t = TemplateParser.parse(json).template();
        assertFalse(t.hasWitnessCommitment());
    }

    @Test
    void refusesWitnessTransactionsWithoutTheSegwitRule() {
        ObjectNode json = TemplateJson.valid();
        json.putArray("rules");

        TemplateParseException e = assertThrows(TemplateParseException.class, () -> TemplateParser.parse(json));
        assertEquals(Reason.MALFORMED, e.reason());
    }

    @Test
    void acceptsAnEmptySegwitTemplateWithoutCommitment() throws Exception {
        ObjectNode json = TemplateJson.valid();
        json.putArray("transactions");
        json.remove("default_witness_commitment");

        assertNull(TemplateParser.parse(json).template().witnessCommitmentScript());
    }

    @Test
    void refusesWitnessTransactionsWithoutACommitment() {
        ObjectNode json = TemplateJson.valid();
        json.remove("default_witness_commitment");

        assertTrue(assertThrows(TemplateParseException.class, () -> TemplateParser.parse(json)).getMessage()
                .startsWith("default_witness_commitment: missing"));
    }

    static Stream<Arguments> malformedFields() {
        return Stream.of(
                field("height", t -> t.remove("height")),
                field("height", t -> t.put("height", "820000")),
                field("height", t -> t.put("height", 0)),
                field("height", t -> t.put("height", 1.5)),
                field("version", t -> t.put("version", -1)),
                field("previousblockhash", t -> t.put("previousblockhash", "00ff")),
                field("previousblockhash", t -> t.put("previousblockhash", "zz".repeat(32))),
                field("previousblockhash", t -> t.putNull("previousblockhash")),
                field("bits", t -> t.put("bits", "1702b5")),
                field("bits", t -> t.put("bits", "1782b547")),
                field("bits", t -> t.put("bits", 386_053_447)),
                field("target", t -> t.put("target", "00".repeat(32))),
                field("curtime", t -> t.put("curtime", -5)),
                field("curtime", t -> t.put("curtime", 1L << 33)),
                field("mintime", t -> t.put("mintime", "soon")),
                field("coinbasevalue", t -> t.put("coinbasevalue", -1)),
                field("coinbasevalue", t -> t.put("coinbasevalue", TemplateParser.MAX_MONEY + 1)),
                field("transactions", t -> t.put("transactions", "none")),
                field("transactions[0]", t -> t.withArray("transactions").set(0, TemplateJson.JSON.getNodeFactory().textNode("x"))),
                field("transactions[0].data", t -> TemplateJson.transaction(t, 0).put("data", "not hex")),
                field("transactions[0].data", t -> TemplateJson.transaction(t, 0).put("data", "0200000001")),
                field("transactions[0].data", t -> TemplateJson.transaction(t, 0).remove("data")),
                field("transactions[0].data", t -> TemplateJson.transaction(t, 0).put("data", coinbaseHex())),
                field("transactions[0].txid", t -> TemplateJson.transaction(t, 0).put("txid", "abc")),
                field("transactions[0].fee", t -> TemplateJson.transaction(t, 0).put("fee", -3)),
                field("transactions[0].weight", t -> TemplateJson.transaction(t, 0).put("weight", "heavy")),
                field("transactions[1].depends", t -> TemplateJson.transaction(t, 1).putArray("depends").add(2)),
                field("transactions[1].depends", t -> TemplateJson.transaction(t, 1).putArray("depends").add(0)),
                field("transactions[1].depends", t -> TemplateJson.transaction(t, 1).put("depends", 1)),
                field("default_witness_commitment", t -> t.put("default_witness_commitment", "6a24xx")),
                field("coinbaseaux", t -> t.put("coinbaseaux", "flags")),
                field("coinbaseaux.flags", t -> t.putObject("coinbaseaux").put("flags", "nothex")),
                field("coinbaseaux", t -> t.putObject("coinbaseaux").put("flags", "00".repeat(81))),
                field("longpollid", t -> t.put("longpollid", 42)));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("malformedFields")
    void refusesAMalformedFieldNamingIt(String fieldPath, Consumer<ObjectNode> breakIt, String description) {
        ObjectNode json = TemplateJson.valid();
        breakIt.accept(json);

        TemplateParseException e = assertThrows(TemplateParseException.class, () -> TemplateParser.parse(json));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(fieldPath + ":"), "message names " + fieldPath + ": " + e.getMessage());
    }

    @Test
    void refusesSomethingThatIsNotAnObject() {
        assertThrows(TemplateParseException.class, () -> TemplateParser.parse(TemplateJson.JSON.getNodeFactory().textNode("x")));
        assertThrows(TemplateParseException.class, () -> TemplateParser.parse(null));
    }

    private static int counter;

    private static Arguments field(String path, Consumer<ObjectNode> breakIt) {
        return Arguments.of(path, breakIt, "case " + (++counter));
    }

    private static String coinbaseHex() {
        return "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff0402aa0a00"
                + "ffffffff0100f2052a010000001976a914000000000000000000000000000000000000000088ac00000000";
    }
}
