package io.stratumpool.pool.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one) in a JVM of its own on loopback
 * ports, with its log directory in a temp directory: formatted once with {@code kafka.tools.StorageTool},
 * then run with {@code kafka.Kafka}. The classpath is the test JVM's own (a surefire booter jar's
 * manifest Class-Path is honoured by {@code java -cp}). {@link #kill()} is SIGKILL, {@link #start()}
 * starts it again on the same ports and log directory. A broker a test forgets dies with the test JVM.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-brokers"));
    }

    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private Process process;
    private int incarnation;

    private KafkaBroker(Path dir, int brokerPort, int controllerPort) {
        this.dir = dir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Formats a fresh log directory under {@code dir} and starts the broker; returns once a client can list topics. */
    public static KafkaBroker start(Path dir) throws IOException, InterruptedException {
        int broker = LoopbackPorts.restartable();
        int controller = LoopbackPorts.restartable();
        while (controller == broker) {
            controller = LoopbackPorts.restartable();
        }
        KafkaBroker b = new KafkaBroker(dir, broker, controller);
        b.writeProperties();
        b.format();
        b.start();
        return b;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    private Path properties() {
        return dir.resolve("server.properties");
    }

    private void writeProperties() throws IOException {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("log").toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        Files.createDirectories(dir);
        try (var out = Files.newBufferedWriter(properties())) {
            p.store(out, "test broker");
        }
    }

    private void format() throws IOException, InterruptedException {
        Path log = dir.resolve("format.log");
        Process f = javaProcess(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", properties().toString(), "--standalone"), log);
        if (!f.waitFor(60, TimeUnit.SECONDS)) {
            f.destroyForcibly();
            throw new AssertionError("kafka storage format did not finish in 60 s:\n" + read(log));
        }
        LIVE.remove(f);
        if (f.exitValue() != 0) {
            throw new AssertionError("kafka storage format exited with " + f.exitValue() + ":\n" + read(log));
        }
    }

    /** Starts (or starts again) the broker on its ports and log directory and waits until it answers. */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("broker already running");
        }
        incarnation++;
        Path log = dir.resolve("broker-" + incarnation + ".log");
        process = javaProcess(List.of("kafka.Kafka", properties().toString()), log);
        awaitReady(log);
    }

    private void awaitReady(Path log) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin(2_000)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("broker exited with " + process.exitValue() + ":\n" + tail(log));
                }
                try {
                    admin.listTopics().names().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    Thread.sleep(200);
                }
            }
        }
        throw new AssertionError("broker not ready after " + READY_TIMEOUT.toSeconds() + " s:\n" + tail(log));
    }

    /** An admin client on this broker; the caller closes it. */
    public Admin admin(int timeoutMillis) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis * 2));
    }

    /** Creates a topic (replication factor 1) and waits for it. */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin(10_000)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL: no controlled shutdown, nothing flushed beyond what the OS already has. */
    public void kill() throws InterruptedException {
        end(true);
    }

    /** SIGTERM: a controlled shutdown. */
    public void stop() throws InterruptedException {
        end(false);
    }

    private void end(boolean forcibly) throws InterruptedException {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        LIVE.remove(process);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private Process javaProcess(List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LIVE.add(p);
        return p;
    }

    private static String tail(Path log) {
        String text = read(log);
        return text.length() > 6_000 ? "…" + text.substring(text.length() - 6_000) : text;
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
