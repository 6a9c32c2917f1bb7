package io.stratumpool.pool.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Bitcoin's JSON-RPC 1.0 envelope for one node: requests out, and answers sorted into a result
 * or a {@link NodeRpcException} of the right kind. Anything the node sends, however broken, ends
 * up as one of the two.
 */
final class JsonRpcCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int SNIPPET = 200;

    private final String node;

    JsonRpcCodec(String node) {
        this.node = node;
    }

    static byte[] encode(long id, String method, Object[] params) throws JsonProcessingException {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "1.0");
        request.put("id", id);
        request.put("method", method);
        request.set("params", JSON.valueToTree(params));
        return JSON.writeValueAsBytes(request);
    }

    /**
     * The {@code result} of an answer. A JSON-RPC error wins over the HTTP status (Bitcoin Core
     * sends RPC errors with 500 or 404); any other non-2xx status is an HTTP failure;
     * {@code authHint} explains a 401/403.
     */
    JsonNode decode(String method, long id, int status, byte[] body, String authHint) {
        JsonNode root = parseOrNull(body);
        if (root != null && root.isObject() && root.hasNonNull("error")) {
            throw rpcError(method, status, root.get("error"));
        }
        if (status < 200 || status > 299) {
            throw NodeRpcException.http(node, method, status, status == 401 || status == 403 ? authHint : snippet(body));
        }
        if (root == null) {
            throw NodeRpcException.malformed(node, method, "not JSON: " + snippet(body));
        }
        if (!root.isObject() || !root.has("result")) {
            throw NodeRpcException.malformed(node, method, "no \"result\" member: " + snippet(body));
        }
        JsonNode answered = root.get("id");
        if (answered != null && !answered.isNull() && !(answered.canConvertToLong() && answered.asLong() == id)) {
            throw NodeRpcException.malformed(node, method, "id " + answered + " answers another request (expected "
                    + id + ")");
        }
        return root.get("result");
    }

    String text(JsonNode result, String method) {
        if (result == null || !result.isTextual()) {
            throw NodeRpcException.malformed(node, method, "expected a string result, got " + describe(result));
        }
        return result.asText();
    }

    long number(JsonNode result, String method) {
        if (result == null || !result.isIntegralNumber() || !result.canConvertToLong()) {
            throw NodeRpcException.malformed(node, method, "expected an integer result, got " + describe(result));
        }
        return result.asLong();
    }

    JsonNode object(JsonNode result, String method) {
        if (result == null || !result.isObject()) {
            throw NodeRpcException.malformed(node, method, "expected an object result, got " + describe(result));
        }
        return result;
    }

    /** submitblock and proposals: null means yes, a string is the node's reason. */
    Optional<String> reasonOrEmpty(JsonNode result, String method) {
        if (result == null || result.isNull()) {
            return Optional.empty();
        }
        return Optional.of(text(result, method));
    }

    private NodeRpcException rpcError(String method, int status, JsonNode error) {
        JsonNode code = error.get("code");
        JsonNode message = error.get("message");
        if (code == null || !code.canConvertToInt() || message == null || !message.isTextual()) {
            return NodeRpcException.malformed(node, method, "error is not {code, message}: " + clip(error.toString()));
        }
        return NodeRpcException.rpc(node, method, status, code.asInt(), message.asText());
    }

    private static JsonNode parseOrNull(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(JsonNode value) {
        return value == null ? "nothing" : clip(value.toString());
    }

    /** The start of a body for an error message, control characters masked. */
    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "empty body";
        }
        String text = new String(body, 0, Math.min(body.length, SNIPPET), StandardCharsets.UTF_8);
        return "\"" + text.replaceAll("[\\p{Cntrl}]", "?") + (body.length > SNIPPET ? "…" : "") + "\"";
    }

    private static String clip(String text) {
        return text.length() <= SNIPPET ? text : text.substring(0, SNIPPET) + "…";
    }
}
