package io.stratumpool.pool.node.config;

import java.util.List;

/** Range checks shared by the node config records; each adds a {@code path: value (expected: …)} line. */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static void positive(String path, long value, List<String> problems) {
        if (value <= 0) {
            problems.add(path + ": " + value + " (expected: > 0)");
        }
    }

    static void atLeast(String path, long value, long min, List<String> problems) {
        if (value < min) {
            problems.add(path + ": " + value + " (expected: >= " + min + ")");
        }
    }
}
