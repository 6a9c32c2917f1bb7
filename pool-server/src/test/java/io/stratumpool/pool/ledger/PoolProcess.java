package io.stratumpool.pool.ledger;

import io.stratumpool.sim.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The packaged pool ({@code target/pool-server.jar}) in a JVM of its own on fixed loopback ports,
 * so that it can be killed outright and started again where it was. Each start writes its own log
 * file. A pool the test forgets is killed when the test JVM exits.
 */
public final class PoolProcess {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-pools"));
    }

    /** Where and how every start of one pool runs: same ports, same data directory, same store. */
    public record Launch(Path workDir, int stratumPort, int apiPort, List<String> settings) {
        public static Launch onFreePorts(Path workDir, List<String> settings) throws IOException {
            int stratum = freePort();
            int api = freePort();
            while (api == stratum) {
                api = freePort();
            }
            return new Launch(workDir, stratum, api, settings);
        }

        public PoolProcess start(int incarnation) throws IOException {
            return PoolProcess.start(this, incarnation);
        }
    }

    private final Process process;
    private final Path log;
    private final int incarnation;

    private PoolProcess(Process process, Path log, int incarnation) {
        this.process = process;
        this.log = log;
        this.incarnation = incarnation;
    }

    private static PoolProcess start(Launch launch, int incarnation) throws IOException {
        Path jar = Path.of("target", "pool-server.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("package the jar first: " + jar);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--stratum-host", "127.0.0.1", "--stratum-port", Integer.toString(launch.stratumPort()), "--stratum-v2-port", "0",
                "--set", "api.host=127.0.0.1", "--set", "api.port=" + launch.apiPort(),
                "--data-dir", launch.workDir().resolve("data").toString()));
        command.addAll(launch.settings());
        Path log = launch.workDir().resolve("pool-" + incarnation + ".log");
        Process p = new ProcessBuilder(command).directory(launch.workDir().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LIVE.add(p);
        return new PoolProcess(p, log, incarnation);
    }

    /** Waits until the Stratum port is bound (the ledger and its schema are ready before that). */
    public void awaitListening(Duration timeout) throws InterruptedException {
        Waits.until(() -> "pool " + incarnation + " to listen:\n" + log(), timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("pool " + incarnation + " exited with " + process.exitValue() + ":\n" + log());
            }
            return log().contains("Stratum listening on");
        });
    }

    /** SIGKILL: no shutdown hook, no ledger flush, sockets reset by the kernel. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("pool " + incarnation + " survived SIGKILL for 30 s");
        }
        LIVE.remove(process);
    }

    /** SIGTERM: the graceful path (miners told to reconnect, ledger flushed); returns the log. */
    public String stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("pool " + incarnation + " did not stop on SIGTERM within 60 s:\n" + log());
        }
        LIVE.remove(process);
        return log();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** A port below the ephemeral range: the pool is killed and restarted on it (see LoopbackPorts). */
    static int freePort() throws IOException {
        return io.stratumpool.pool.testing.LoopbackPorts.restartable();
    }
}
