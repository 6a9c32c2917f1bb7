package io.stratumpool.pool.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in the config file's text values, from the
 * environment, so secrets (the node's RPC password) stay out of the file. A variable that is
 * unset (or empty) without a default is a config problem naming the key and the variable;
 * {@code $${…}} is a literal {@code ${…}}.
 */
final class EnvInterpolation {
    private static final Pattern REFERENCE = Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private EnvInterpolation() {
    }

    static void apply(JsonNode node, Function<String, String> environment, Path file, List<String> problems) {
        walk(node, "", environment, file, problems);
    }

    private static void walk(JsonNode node, String path, Function<String, String> env, Path file, List<String> problems) {
        if (node instanceof ObjectNode obj) {
            obj.properties().forEach(e -> {
                String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getValue().isTextual()) {
                    e.setValue(TextNode.valueOf(substitute(e.getValue().textValue(), key, env, file, problems)));
                } else {
                    walk(e.getValue(), key, env, file, problems);
                }
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String key = path + "[" + i + "]";
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(substitute(array.get(i).textValue(), key, env, file, problems)));
                } else {
                    walk(array.get(i), key, env, file, problems);
                }
            }
        }
    }

    static String substitute(String text, String key, Function<String, String> env, Path file, List<String> problems) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = m.group().substring(1); // $${X} stays ${X}
            } else {
                String value = env.apply(m.group(2));
                if (value == null || value.isEmpty()) {
                    value = m.group(3);
                }
                if (value == null) {
                    problems.add((file == null ? "" : file + ": ") + key + ": environment variable " + m.group(2)
                            + " is not set (set it, or write ${" + m.group(2) + ":-default} in the file)");
                    value = m.group(); // the load fails anyway; kept, it causes no second, confusing problem
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }
}
