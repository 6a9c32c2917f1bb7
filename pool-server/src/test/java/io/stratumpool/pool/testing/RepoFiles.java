package io.stratumpool.pool.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository (docker/, README.md…) from a test that runs in a module directory. */
public final class RepoFiles {
    private RepoFiles() {
    }

    /** {@code relative} resolved against the repository root: the nearest ancestor holding {@code mvnw}. */
    public static Path path(String relative) {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (a directory with mvnw) above " + System.getProperty("user.dir"));
        }
        return dir.resolve(relative);
    }
}
