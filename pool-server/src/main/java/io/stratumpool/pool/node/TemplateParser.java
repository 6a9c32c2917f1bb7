package io.stratumpool.pool.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.node.TemplateParseException.Reason;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.Target;
import io.stratumpool.validator.TemplateTransaction;
import io.stratumpool.validator.Transaction;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@code getblocktemplate {"rules":["segwit"]}} result into a {@link BlockTemplate}
 * without trusting it: every transaction's txid and wtxid are recomputed from its data, and the
 * witness commitment is recomputed from the wtxids and compared with the node's
 * {@code default_witness_commitment}. A template that fails any check never becomes a job.
 */
public final class TemplateParser {
    /** 21 million BTC in satoshis: no coinbase may claim more. */
    static final long MAX_MONEY = 2_100_000_000_000_000L;
    private static final byte[] WITNESS_RESERVED_VALUE = new byte[32];
    private static final int MAX_AUX_FLAGS = 80;

    private TemplateParser() {
    }

    public static ParsedTemplate parse(JsonNode result) throws TemplateParseException {
        if (result == null || !result.isObject()) {
            throw malformed("template: not a JSON object");
        }
        boolean segwit = segwitActive(result);
        List<TemplateTransaction> transactions = transactions(result);
        byte[] commitment = witnessCommitment(result, transactions, segwit);
        long nBits = nBits(result);
        BlockTemplate template;
        try {
            template = new BlockTemplate(
                    uint(result, "height", 1, Integer.MAX_VALUE),
                    (int) uint(result, "version", 0, 0xffffffffL),
                    hash(result, "previousblockhash"),
                    nBits,
                    uint(result, "curtime", 0, 0xffffffffL),
                    optionalUint(result, "mintime", 0, 0xffffffffL, 0),
                    uint(result, "coinbasevalue", 0, MAX_MONEY),
                    transactions,
                    commitment,
                    auxFlags(result));
        } catch (IllegalArgumentException e) {
            throw malformed("template: " + e.getMessage());
        }
        return new ParsedTemplate(template, longPollId(result), capabilities(result).contains("proposal"));
    }

    /** The previous-block hash of a template that failed to parse, if it has a readable one; else null. */
    static Hash256 prevHashOrNull(JsonNode result) {
        JsonNode prev = result == null ? null : result.get("previousblockhash");
        if (prev != null && prev.isTextual() && prev.asText().length() == 64 && Hex.isHex(prev.asText())) {
            return Hash256.fromHexReversed(prev.asText());
        }
        return null;
    }

    /**
     * Segwit rules apply when the node lists them. bcoin before activation still hands out a
     * default_witness_commitment (then rejects the block as unexpected-witness), so it is ignored
     * when the rules say segwit is not active. A node that sends no rules at all is taken at its word.
     */
    private static boolean segwitActive(JsonNode result) {
        JsonNode rules = result.get("rules");
        if (rules == null || !rules.isArray()) {
            return true;
        }
        for (JsonNode rule : rules) {
            if ("segwit".equals(rule.asText()) || "!segwit".equals(rule.asText())) {
                return true;
            }
        }
        return false;
    }

    private static List<TemplateTransaction> transactions(JsonNode result) throws TemplateParseException {
        JsonNode array = result.get("transactions");
        if (array == null || !array.isArray()) {
            throw malformed("transactions: " + describe(array) + " (expected: an array)");
        }
        List<TemplateTransaction> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(transaction(array.get(i), i));
        }
        return out;
    }

    private static TemplateTransaction transaction(JsonNode node, int index) throws TemplateParseException {
        String path = "transactions[" + index + "]";
        if (!node.isObject()) {
            throw malformed(path + ": " + describe(node) + " (expected: an object)");
        }
        byte[] data = hex(node, "data", path);
        Transaction tx;
        try {
            tx = Transaction.parse(data);
        } catch (IllegalArgumentException e) {
            throw malformed(path + ".data: not a transaction (" + e.getMessage() + ")");
        }
        if (tx.isCoinbase()) {
            throw malformed(path + ".data: a coinbase transaction (expected: only the pool builds the coinbase)");
        }
        checkId(node, "txid", path, tx.txid(), true);
        checkId(node, "hash", path, tx.wtxid(), false);
        long fee = node.has("fee") ? uint(node, "fee", path, 0, MAX_MONEY) : 0;
        if (node.has("weight")) {
            uint(node, "weight", path, 0, Integer.MAX_VALUE);
        }
        try {
            return new TemplateTransaction(data, tx.txid(), tx.wtxid(), fee, tx.weight(), depends(node, path, index));
        } catch (IllegalArgumentException e) {
            throw malformed(path + ": " + e.getMessage());
        }
    }

    /** The node's id must equal the one computed from the data; {@code hash} (wtxid) may be absent on old nodes. */
    private static void checkId(JsonNode node, String field, String path, Hash256 computed, boolean required)
            throws TemplateParseException {
        JsonNode value = node.get(field);
        if (value == null && !required) {
            return;
        }
        Hash256 given = hash(node, field, path);
        if (!given.equals(computed)) {
            throw new TemplateParseException(Reason.TRANSACTION_ID_MISMATCH, path + "." + field + ": \"" + given
                    + "\" (expected: \"" + computed + "\", computed from data)");
        }
    }

    /** BIP22 depends: 1-based indexes of earlier template transactions. */
    private static List<Integer> depends(JsonNode node, String path, int index) throws TemplateParseException {
        JsonNode depends = node.get("depends");
        if (depends == null) {
            return List.of();
        }
        if (!depends.isArray()) {
            throw malformed(path + ".depends: " + describe(depends) + " (expected: an array)");
        }
        List<Integer> out = new ArrayList<>(depends.size());
        for (JsonNode d : depends) {
            if (!d.isIntegralNumber() || d.asLong() < 1 || d.asLong() > index) {
                throw malformed(path + ".depends: " + describe(d) + " (expected: 1.." + index
                        + ", a 1-based index of an earlier transaction)");
            }
            out.add(d.asInt());
        }
        return out;
    }

    private static byte[] witnessCommitment(JsonNode result, List<TemplateTransaction> txs, boolean segwit)
            throws TemplateParseException {
        JsonNode given = result.get("default_witness_commitment");
        boolean anyWitness = txs.stream().anyMatch(t -> !t.txid().equals(t.wtxid()));
        if (!segwit) {
            if (anyWitness) {
                throw malformed("transactions: witness data in a template whose rules do not include segwit");
            }
            return null;
        }
        if (given == null || given.isNull()) {
            if (anyWitness) {
                throw malformed("default_witness_commitment: missing (expected: present when transactions carry witnesses)");
            }
            return null;
        }
        byte[] script = hex(result, "default_witness_commitment", "");
        byte[] computed = Merkle.witnessCommitmentScript(
                Merkle.witnessCommitment(txs.stream().map(TemplateTransaction::wtxid).toList(), WITNESS_RESERVED_VALUE));
        if (!Arrays.equals(script, computed)) {
            throw new TemplateParseException(Reason.WITNESS_COMMITMENT_MISMATCH, "default_witness_commitment: \""
                    + Hex.encode(script) + "\" (expected: \"" + Hex.encode(computed) + "\", computed from the "
                    + txs.size() + " wtxids)");
        }
        return computed;
    }

    private static long nBits(JsonNode result) throws TemplateParseException {
        String bits = text(result, "bits", "");
        long value = Hex.parseUInt32(bits);
        if (value < 0) {
            throw malformed("bits: \"" + bits + "\" (expected: 8 hex digits)");
        }
        Target target;
        try {
            target = Target.ofCompact(value);
        } catch (IllegalArgumentException e) {
            throw malformed("bits: " + e.getMessage());
        }
        JsonNode given = result.get("target");
        if (given != null && !(given.isTextual() && Hex.isHex(given.asText()) && given.asText().length() == 64
                && Target.ofHex(given.asText()).equals(target))) {
            throw malformed("target: " + describe(given) + " (expected: \"" + target.toHex() + "\", from bits " + bits + ")");
        }
        return value;
    }

    /** coinbaseaux: hex strings the node wants in the coinbase scriptSig (bcoin: "flags"; Core: none). */
    private static byte[] auxFlags(JsonNode result) throws TemplateParseException {
        JsonNode aux = result.get("coinbaseaux");
        if (aux == null || aux.isNull()) {
            return new byte[0];
        }
        if (!aux.isObject()) {
            throw malformed("coinbaseaux: " + describe(aux) + " (expected: an object of hex strings)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Iterator<Map.Entry<String, JsonNode>> it = aux.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            out.writeBytes(hex(aux, key, "coinbaseaux"));
        }
        if (out.size() > MAX_AUX_FLAGS) {
            throw malformed("coinbaseaux: " + out.size() + " bytes (expected: <= " + MAX_AUX_FLAGS
                    + ", the coinbase scriptSig holds 100)");
        }
        return out.toByteArray();
    }

    private static String longPollId(JsonNode result) throws TemplateParseException {
        JsonNode id = result.get("longpollid");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || id.asText().isEmpty()) {
            throw malformed("longpollid: " + describe(id) + " (expected: a non-empty string)");
        }
        return id.asText();
    }

    private static List<String> capabilities(JsonNode result) {
        JsonNode caps = result.get("capabilities");
        List<String> out = new ArrayList<>();
        if (caps != null && caps.isArray()) {
            caps.forEach(c -> out.add(c.asText()));
        }
        return out;
    }

    private static Hash256 hash(JsonNode node, String field) throws TemplateParseException {
        return hash(node, field, "");
    }

    /** A hash in RPC (display) order. */
    private static Hash256 hash(JsonNode node, String field, String path) throws TemplateParseException {
        String text = text(node, field, path);
        if (text.length() != 64 || !Hex.isHex(text)) {
            throw malformed(name(path, field) + ": \"" + clip(text) + "\" (expected: 64 hex digits)");
        }
        return Hash256.fromHexReversed(text);
    }

    private static byte[] hex(JsonNode node, String field, String path) throws TemplateParseException {
        String text = text(node, field, path);
        if (text.isEmpty() || !Hex.isHex(text)) {
            throw malformed(name(path, field) + ": \"" + clip(text) + "\" (expected: non-empty hex)");
        }
        return Hex.decode(text);
    }

    private static String text(JsonNode node, String field, String path) throws TemplateParseException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(name(path, field) + ": " + describe(value) + " (expected: a string)");
        }
        return value.asText();
    }

    private static long uint(JsonNode node, String field, long min, long max) throws TemplateParseException {
        return uint(node, field, "", min, max);
    }

    private static long optionalUint(JsonNode node, String field, long min, long max, long fallback)
            throws TemplateParseException {
        return node.has(field) ? uint(node, field, "", min, max) : fallback;
    }

    private static long uint(JsonNode node, String field, String path, long min, long max) throws TemplateParseException {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                || value.asLong() < min || value.asLong() > max) {
            throw malformed(name(path, field) + ": " + describe(value) + " (expected: an integer in " + min + ".." + max + ")");
        }
        return value.asLong();
    }

    private static String name(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String describe(JsonNode node) {
        return node == null ? "missing" : clip(node.toString());
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static TemplateParseException malformed(String message) {
        return new TemplateParseException(Reason.MALFORMED, message);
    }
}
