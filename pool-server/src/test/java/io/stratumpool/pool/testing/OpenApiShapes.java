package io.stratumpool.pool.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a JSON answer against the schema the API's OpenAPI document gives for a path and status:
 * types, every required field present and no undocumented field (unless the schema allows extra
 * ones), into nested objects and the first element of arrays. Small on purpose: the subset of
 * JSON Schema the document uses ({@code $ref}, {@code oneOf}, {@code type} or a list of types,
 * {@code properties}, {@code required}, {@code items}, {@code additionalProperties}, {@code enum}).
 */
public final class OpenApiShapes {
    private final JsonNode document;

    public OpenApiShapes(JsonNode document) {
        this.document = document;
    }

    /** The documented paths, e.g. {@code /api/users/{user}}. */
    public Set<String> paths() {
        Set<String> out = new TreeSet<>();
        document.get("paths").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Every mismatch between {@code answer} and the documented GET answer of {@code path} with {@code status}; empty if none. */
    public List<String> problems(String path, int status, JsonNode answer) {
        JsonNode schema = document.path("paths").path(path).path("get").path("responses").path(String.valueOf(status))
                .path("content").path("application/json").path("schema");
        List<String> problems = new ArrayList<>();
        if (schema.isMissingNode()) {
            problems.add(path + " " + status + ": not documented");
            return problems;
        }
        check(schema, answer, path + " " + status + " $", problems);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, at, problems);
            return;
        }
        if (schema.has("oneOf")) {
            for (JsonNode option : schema.get("oneOf")) {
                List<String> attempt = new ArrayList<>();
                check(option, value, at, attempt);
                if (attempt.isEmpty()) {
                    return;
                }
            }
            problems.add(at + ": matches none of " + schema.get("oneOf") + ": " + value);
            return;
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(at + ": expected " + schema.get("type") + ", got " + value.getNodeType() + " " + value);
            return;
        }
        if (schema.has("enum") && !value.isNull() && !contains(schema.get("enum"), value)) {
            problems.add(at + ": " + value + " not in " + schema.get("enum"));
        }
        if (value.isObject() && schema.has("properties")) {
            checkObject(schema, value, at, problems);
        }
        if (value.isArray() && schema.has("items") && !value.isEmpty()) {
            check(schema.get("items"), value.get(0), at + "[0]", problems);
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String at, List<String> problems) {
        JsonNode properties = schema.get("properties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(at + ": missing required field " + required.asText());
            }
        }
        boolean extraAllowed = schema.path("additionalProperties").asBoolean(false);
        for (Iterator<String> it = value.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (properties.has(field)) {
                check(properties.get(field), value.get(field), at + "." + field, problems);
            } else if (!extraAllowed) {
                problems.add(at + ": undocumented field " + field);
            }
        }
    }

    private JsonNode resolve(String ref) {
        JsonNode node = document;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        if (node.isMissingNode()) {
            throw new AssertionError("unresolved " + ref);
        }
        return node;
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> false;
        };
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode v : list) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
