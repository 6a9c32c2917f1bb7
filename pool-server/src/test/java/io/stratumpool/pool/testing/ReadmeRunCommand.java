package io.stratumpool.pool.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/**
 * README.md's "Run the pool" line, {@code <build> && java [JVM options] -jar <jar>}: the build
 * command, the JVM options (the measured defaults the Dockerfile must also run with) and the jar.
 */
public record ReadmeRunCommand(String build, List<String> jvmOptions, String jar) {

    public static ReadmeRunCommand read() throws IOException {
        String line = Files.readAllLines(RepoFiles.path("README.md")).stream()
                .filter(l -> l.startsWith("./mvnw ") && l.contains("&& java ") && l.contains(" -jar ")).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no './mvnw … && java … -jar …' line"));
        String[] parts = line.split("&&");
        List<String> java = Arrays.asList(parts[1].strip().split("\\s+"));
        int jarAt = java.indexOf("-jar");
        if (!java.get(0).equals("java") || jarAt < 0 || jarAt + 2 != java.size()) {
            throw new AssertionError("README's run command is not 'java [options] -jar <jar>': " + parts[1].strip());
        }
        return new ReadmeRunCommand(parts[0].strip(), List.copyOf(java.subList(1, jarAt)), java.get(jarAt + 1));
    }
}
