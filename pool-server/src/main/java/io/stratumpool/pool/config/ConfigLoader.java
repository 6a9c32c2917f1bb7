package io.stratumpool.pool.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the YAML (or JSON) config file, applies overrides ({@code stratum.host=…} paths from CLI
 * flags and environment), binds it to {@link PoolConfig} and validates it. Unknown keys, values of
 * the wrong type and out-of-range values are all collected and reported together.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** Loads the file (or nothing, for embedded defaults) with the overrides applied; throws {@link ConfigException}. */
    public static PoolConfig load(Path file, Map<String, String> overrides) {
        return load(file, overrides, System::getenv);
    }

    /**
     * As {@link #load(Path, Map)}, with {@code ${VAR}} (and {@code ${VAR:-default}}) in the file's
     * text values taken from {@code environment}.
     */
    public static PoolConfig load(Path file, Map<String, String> overrides, Function<String, String> environment) {
        List<String> problems = new ArrayList<>();
        ObjectNode root = readTree(file, problems);
        EnvInterpolation.apply(root, environment, file, problems);
        overrides.forEach((path, value) -> set(root, path, value, problems));
        PoolConfig config = bind(root, problems);
        if (config != null) {
            problems.addAll(config.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private static ObjectNode readTree(Path file, List<String> problems) {
        if (file == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                problems.add(file + ": the top level must be a mapping of sections (stratum:, pool:, …)");
                return JsonNodeFactory.instance.objectNode();
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            problems.add(syntaxError(file, e));
            return JsonNodeFactory.instance.objectNode();
        } catch (IOException e) {
            problems.add(file + ": cannot read: " + e.getMessage().lines().findFirst().orElse("unreadable"));
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /** {@code file:line:column: YAML syntax error: what the parser expected}, on one line. */
    static String syntaxError(Path file, JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                Mark at = y.getProblemMark();
                String context = y.getContext() == null || y.getContextMark() == null ? ""
                        : " (" + y.getContext() + " at line " + (y.getContextMark().getLine() + 1) + ")";
                return file + ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1) + ": YAML syntax error: "
                        + y.getProblem() + context;
            }
        }
        JsonLocation at = e.getLocation();
        String what = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
        String where = at == null || at.getLineNr() < 1 ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return where + ": syntax error: " + what;
    }

    /** Sets a dotted path such as {@code stratum.ports[0].port}, creating sections on the way. */
    static void set(ObjectNode root, String path, String value, List<String> problems) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            String part = parts[i];
            int index = -1;
            if (part.endsWith("]") && part.contains("[")) {
                index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
                part = part.substring(0, part.indexOf('['));
            }
            if (!(node instanceof ObjectNode obj)) {
                problems.add(path + ": cannot override inside a non-section value");
                return;
            }
            if (index < 0) {
                if (last) {
                    obj.put(part, value);
                    return;
                }
                node = obj.has(part) && obj.get(part).isObject() ? obj.get(part) : obj.putObject(part);
                continue;
            }
            ArrayNode array = obj.has(part) && obj.get(part).isArray() ? (ArrayNode) obj.get(part) : obj.putArray(part);
            while (array.size() <= index) {
                array.addObject();
            }
            node = array.get(index);
            if (last) {
                problems.add(path + ": cannot override a whole list entry");
                return;
            }
        }
    }

    private static PoolConfig bind(ObjectNode root, List<String> problems) {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY) // --set key=value for a list of one
                .addHandler(new CollectingHandler(problems));
        try {
            return mapper.treeToValue(root, PoolConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            problems.add(e.getMessage().lines().findFirst().orElse("invalid configuration"));
            return null;
        }
    }

    /** Turns Jackson's first-error-and-stop into a list: records the problem, skips the value. */
    private static final class CollectingHandler extends DeserializationProblemHandler {
        private final List<String> problems;

        CollectingHandler(List<String> problems) {
            this.problems = problems;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            problems.add(path(p, propertyName) + ": unknown key");
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                String failureMsg) {
            problems.add(path(ctxt.getParser(), null) + ": \"" + valueToConvert + "\" (expected: " + describe(targetType) + ")");
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                String failureMsg) {
            problems.add(path(ctxt.getParser(), null) + ": " + valueToConvert + " (expected: " + describe(targetType) + ")");
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, com.fasterxml.jackson.core.JsonToken t,
                JsonParser p, String failureMsg) throws IOException {
            problems.add(path(p, null) + ": unexpected " + t + " (expected: " + describe(targetType.getRawClass()) + ")");
            p.skipChildren();
            return null;
        }

        /** An enum's creator refused the text: name the key and the allowed spellings, not the Java class. */
        @Override
        public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument,
                Throwable t) throws IOException {
            if (!instClass.isEnum()) {
                return NOT_HANDLED;
            }
            problems.add(path(ctxt.getParser(), null) + ": \"" + argument + "\" (expected: " + describe(instClass) + ")");
            return null;
        }

        private static String describe(Class<?> type) {
            if (type.isEnum()) {
                List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> ((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT)).toList();
                return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
            }
            if (type == Integer.class || type == int.class || type == Long.class) {
                return "a whole number";
            }
            if (type == Double.class || type == double.class) {
                return "a number";
            }
            if (type == Boolean.class) {
                return "true or false";
            }
            if (List.class.isAssignableFrom(type)) {
                return "a list";
            }
            return type == String.class ? "text" : "a section";
        }

        private static String path(JsonParser p, String property) {
            StringBuilder sb = new StringBuilder();
            com.fasterxml.jackson.core.JsonStreamContext ctx = p.getParsingContext();
            List<String> parts = new ArrayList<>();
            for (; ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
                if (ctx.inArray()) {
                    parts.add(0, "[" + Math.max(0, ctx.getCurrentIndex()) + "]");
                } else if (ctx.getCurrentName() != null) {
                    parts.add(0, "." + ctx.getCurrentName());
                }
            }
            parts.forEach(sb::append);
            if (property != null && (sb.length() == 0 || !sb.toString().endsWith("." + property))) {
                sb.append('.').append(property);
            }
            return sb.length() > 0 && sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
        }
    }
}
