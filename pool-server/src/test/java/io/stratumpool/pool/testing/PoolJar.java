package io.stratumpool.pool.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code pool-server.jar} as a process: optionally as another (unprivileged) user via
 * {@code runuser}, with extra environment variables, its output (stdout and stderr) in a file.
 */
public final class PoolJar {
    private final List<String> command = new ArrayList<>();
    private final Map<String, String> env = new java.util.LinkedHashMap<>();
    private Path workDir;
    private String user;

    private PoolJar() {
    }

    public static PoolJar with(String... args) {
        PoolJar jar = new PoolJar();
        jar.command.addAll(List.of(args));
        return jar;
    }

    public static Path path() {
        Path jar = Path.of("target", "pool-server.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("package the jar first: " + jar);
        }
        return jar;
    }

    public PoolJar env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public PoolJar in(Path dir) {
        this.workDir = dir;
        return this;
    }

    /** Runs as this user (the test runs as root, as on CI). */
    public PoolJar asUser(String name) {
        this.user = name;
        return this;
    }

    public Process start(Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (user != null) {
            // runuser resets nothing of the environment with -u: the variables set here reach the pool
            cmd.addAll(List.of(ExternalTool.require("runuser", "util-linux").toString(), "-u", user, "--"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", path().toString()));
        cmd.addAll(command);
        if (!command.contains("--stratum-v2-port") && !command.contains("--version") && !command.contains("keygen")) {
            cmd.addAll(List.of("--stratum-v2-port", "0")); // never the default 3336: tests must not collide on it
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        return pb.start();
    }

    /** Runs to completion (at most 60 s) and returns the exit status and output. */
    public Result run(Path log) throws IOException, InterruptedException {
        Process p = start(log);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("still running after 60 s:\n" + read(log));
            }
            return new Result(p.exitValue(), read(log));
        } finally {
            p.destroyForcibly();
        }
    }

    public static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** A finished run. */
    public record Result(int exit, String output) {
        /** The output's non-blank lines. */
        public List<String> lines() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
