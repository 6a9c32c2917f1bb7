package io.stratumpool.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The pool under test in a JVM of its own ({@link BenchPool} on this process's class path). Its
 * output goes to a log file; its {@code BENCH} reply lines answer {@link #command}. Closing it stops
 * the pool, and kills it when it does not stop in time; a shutdown hook does the same if the
 * harness itself is interrupted.
 */
final class PoolProcess implements AutoCloseable {
    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Thread killer;
    private final Map<String, String> ready;

    PoolProcess(List<String> jvmArgs, List<String> poolArgs, Path log) throws IOException, InterruptedException {
        this(BenchPool.class, jvmArgs, poolArgs, log);
    }

    /** A server main on this class path: {@link BenchPool}, or {@link RawNotifyServer} for the floor. */
    PoolProcess(Class<?> main, List<String> jvmArgs, List<String> poolArgs, Path log) throws IOException, InterruptedException {
        this(System.getProperty("java.class.path"), main, jvmArgs, poolArgs, log);
    }

    /** A server main on another class path: another build of the pool (a baseline to compare with). */
    PoolProcess(String classPath, Class<?> main, List<String> jvmArgs, List<String> poolArgs, Path log)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(main.getName());
        cmd.addAll(poolArgs);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, String.join(" ", cmd) + "\n\n");
        this.process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        this.killer = new Thread(process::destroyForcibly, "kill-pool");
        Runtime.getRuntime().addShutdownHook(killer);
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> pump(log), "pool-output");
        pump.setDaemon(true);
        pump.start();
        this.ready = await(120);
    }

    long pid() {
        return process.pid();
    }

    /** The pool's READY line: port, transactions, branch, transport, allocator, ledger, java. */
    Map<String, String> ready() {
        return ready;
    }

    /** Sends a command and waits for its one-line reply. */
    Map<String, String> command(String command, int timeoutSeconds) throws InterruptedException {
        commands.println(command);
        return await(timeoutSeconds);
    }

    private Map<String, String> await(int timeoutSeconds) throws InterruptedException {
        String line = replies.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new IllegalStateException("the pool did not answer within " + timeoutSeconds
                    + " s (alive: " + process.isAlive() + "); see its log");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : line.split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        if (values.containsKey("error")) {
            throw new IllegalStateException("pool: " + line);
        }
        return values;
    }

    /** Copies the pool's output to the log and hands {@code BENCH} lines to {@link #await}. */
    private void pump(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (line.startsWith("BENCH ")) {
                    replies.add(line.substring(6));
                }
            }
        } catch (IOException e) {
            // the process ended; close() reports nothing more useful than its exit
        }
    }

    @Override
    public void close() {
        try {
            commands.println("quit");
            commands.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
