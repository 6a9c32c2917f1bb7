package io.stratumpool.pool.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every configuration problem, so startup can report them all at once. */
public final class Problems {
    private final List<String> problems = new ArrayList<>();

    public void add(String problem) {
        problems.add(problem);
    }

    /** Adds {@code path: value (expected: expectation)} unless {@code ok}. */
    public void check(boolean ok, String path, Object value, String expectation) {
        if (!ok) {
            problems.add(path + ": " + value + " (expected: " + expectation + ")");
        }
    }

    public void range(String path, int value, int min, int max) {
        check(value >= min && value <= max, path, value, min + ".." + max);
    }

    public void positive(String path, double value) {
        check(value > 0 && Double.isFinite(value), path, value, "a number > 0");
    }

    public List<String> list() {
        return List.copyOf(problems);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }
}
