package io.stratumpool.pool.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A Dockerfile read into instructions (comments dropped, continuation lines joined), grouped by stage. */
public final class Dockerfile {
    /** One instruction: {@code RUN}, {@code COPY}… and the rest of its line. */
    public record Instruction(String keyword, String arguments) {
    }

    private final List<List<Instruction>> stages;

    private Dockerfile(List<List<Instruction>> stages) {
        this.stages = stages;
    }

    public static Dockerfile read(Path file) throws IOException {
        List<List<Instruction>> stages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            add(stages, pending.append(trimmed).toString());
            pending.setLength(0);
        }
        return new Dockerfile(stages);
    }

    private static void add(List<List<Instruction>> stages, String line) {
        String[] parts = line.strip().split("\\s+", 2);
        Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
        if (instruction.keyword().equals("FROM")) {
            stages.add(new ArrayList<>());
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("instruction before FROM: " + line);
        }
        stages.get(stages.size() - 1).add(instruction);
    }

    /** The stage named by {@code FROM image AS name}. */
    public List<Instruction> stage(String name) {
        return stages.stream().filter(s -> s.get(0).arguments().toLowerCase(Locale.ROOT).endsWith(" as " + name))
                .findFirst().orElseThrow(() -> new AssertionError("no stage named " + name));
    }

    /** The last stage: what the image runs. */
    public List<Instruction> finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** The last instruction with this keyword in a stage (Docker lets the last one win). */
    public static Optional<Instruction> last(List<Instruction> stage, String keyword) {
        Instruction found = null;
        for (Instruction i : stage) {
            if (i.keyword().equals(keyword)) {
                found = i;
            }
        }
        return Optional.ofNullable(found);
    }

    public static List<Instruction> all(List<Instruction> stage, String keyword) {
        return stage.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }
}
