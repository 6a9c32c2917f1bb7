package io.stratumpool.pool.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a command-line tool on the PATH; tests that need one fail, never skip, when it is missing. */
public final class ExternalTool {
    private ExternalTool() {
    }

    public static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The tool, or an AssertionError saying how to install it. */
    public static Path require(String name, String debianPackage) {
        return find(name).orElseThrow(() -> new AssertionError(name + " is not installed: this test needs it"
                + " (apt-get install " + debianPackage + "; .ci/run installs it when missing)"));
    }
}
