package io.stratumpool.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * JSON-RPC lines as firmware writes them. Most C firmware formats with {@code ": "} and {@code ", "}
 * (ESP-Miner, cgminer); NerdMiner serializes compactly. Key order is always id, method, params,
 * and numbers are written plain ({@code 0.00015}, never {@code 1.5E-4}).
 */
public final class JsonLines {
    /** How a firmware lays out its JSON. */
    public enum Style { SPACED, COMPACT }

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter SPACED = MAPPER.writer(new SpacedPrinter());

    private JsonLines() {
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** An array of strings, numbers (doubles written plain), booleans, nodes or nulls. */
    public static ArrayNode arrayOf(Object... values) {
        ArrayNode out = array();
        for (Object v : values) {
            out.add(node(v));
        }
        return out;
    }

    static JsonNode node(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        } else if (v instanceof JsonNode n) {
            return n;
        } else if (v instanceof String s) {
            return f.textNode(s);
        } else if (v instanceof Integer || v instanceof Long) {
            return f.numberNode(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            return f.numberNode(BigDecimal.valueOf(((Number) v).doubleValue()).stripTrailingZeros());
        } else if (v instanceof BigDecimal d) {
            return f.numberNode(d);
        } else if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
    }

    /** {@code {"id": …, "method": …, "params": …}} */
    public static String request(Style style, JsonNode id, String method, ArrayNode params) {
        ObjectNode o = object();
        o.set("id", id);
        o.put("method", method);
        o.set("params", params);
        return write(style, o);
    }

    /** A reply to a request the pool sent: {@code {"id": …, "result": …, "error": null}}. */
    public static String reply(Style style, JsonNode id, JsonNode result) {
        ObjectNode o = object();
        o.set("id", id);
        o.set("result", result);
        o.putNull("error");
        return write(style, o);
    }

    public static String write(Style style, JsonNode node) {
        try {
            return (style == Style.SPACED ? SPACED : COMPACT).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one line; throws {@link IllegalArgumentException} on anything but a JSON object. */
    public static JsonNode parse(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object: " + abbreviate(line));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + abbreviate(line), e);
        }
    }

    static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    /** One line, with a space after every colon and comma between tokens, as C firmware prints. */
    private static final class SpacedPrinter extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
