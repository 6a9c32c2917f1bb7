package io.stratumpool.bench.load;

import static io.stratumpool.bench.load.Report.f;

import io.stratumpool.pool.cluster.ClusterConfig;
import io.stratumpool.pool.cluster.KafkaShareLedger;
import io.stratumpool.pool.ledger.ShareRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Accounting's own ceiling: {@code --drain-shares} share events are written to a fresh topic (6
 * partitions) on {@code --kafka} first, then an {@code accounting} process (the pool's
 * {@code Main} on this class path, PostgreSQL in a schema of its own) is started and timed from
 * its first stored share to its last, with its CPU, PostgreSQL's and the broker's beside it.
 */
final class DrainPhase {
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/stratumpool_test";
    private static final int PARTITIONS = 6;
    private static final int NODE_ID = 250;

    private final HarnessOptions options;
    private final Report report;

    DrainPhase(HarnessOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    void run() throws Exception {
        if (options.kafka() == null) {
            throw new IllegalArgumentException("--phases drain needs --kafka HOST:PORT");
        }
        long run = System.currentTimeMillis();
        String topic = "bench.drain." + run;
        String schema = "bench_drain_" + run;
        report.line("");
        report.line("## Accounting alone draining a pre-filled topic");
        report.line("");
        fill(topic);
        int apiPort = LoadHarness.freePort();
        Path data = Files.createTempDirectory("bench-accounting");
        Path log = options.out().toAbsolutePath().resolveSibling("load-accounting-drain.log");
        Process accounting = startAccounting(topic, schema, apiPort, data, log);
        try {
            measure(accounting, new ScrapedMetrics("http://127.0.0.1:" + apiPort + "/metrics"));
        } finally {
            accounting.destroy();
            accounting.waitFor(20, TimeUnit.SECONDS);
            accounting.destroyForcibly();
            dropSchema(schema);
        }
    }

    private void fill(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafka()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        ClusterConfig config = new ClusterConfig(options.kafka(), topic, null, 60_000, null, null, null, topic + ".blocks",
                null, null, null).withSpool(Files.createTempDirectory("bench-spool").toString(), 1L << 30);
        long started = System.nanoTime();
        try (KafkaShareLedger ledger = new KafkaShareLedger(config, NODE_ID, 20_000)) {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            byte[] hash = new byte[32];
            for (int i = 0; i < options.drainShares(); i++) {
                ThreadLocalRandom.current().nextBytes(hash);
                acks.add(ledger.append(new ShareRecord("user" + (i % 1_000), "rig" + (i % 7), 65_536, 1e12, "job" + (i % 50),
                        900_000, Instant.now(), hash.clone(), false)));
                if (acks.size() == 10_000) {
                    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
                    acks.clear();
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        report.line(f("- written: %,d share events to %s (%d partitions) in %.1f s (%,.0f/s, acks=all); load average %s",
                options.drainShares(), topic, PARTITIONS, seconds, options.drainShares() / seconds, MachineStats.loadAverage()));
    }

    private Process startAccounting(String topic, String schema, int apiPort, Path data, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m", "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.stratumpool.pool.Main",
                "--role", "accounting", "--kafka", options.kafka(), "--data-dir", data.toString(),
                "--set", "cluster.sharesTopic=" + topic, "--set", "cluster.blocksTopic=" + topic + ".blocks",
                "--set", "cluster.consumerGroup=" + topic, "--set", "ledger.store=postgresql",
                "--set", "ledger.url=" + System.getProperty("bench.pg.url", PG_URL), "--set", "ledger.user=stratumpool",
                "--set", "ledger.password=stratumpool", "--set", "ledger.schema=" + schema,
                "--set", "api.host=127.0.0.1", "--set", "api.port=" + apiPort));
        for (String kv : options.poolSets()) {
            cmd.addAll(List.of("--set", kv));
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void measure(Process accounting, ScrapedMetrics metrics) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        double first = -1;
        long t0 = 0;
        double cpu0 = 0;
        double pg0 = 0;
        double broker0 = 0;
        String load = "";
        double stored = 0;
        while (stored < options.drainShares() && System.nanoTime() < deadline && accounting.isAlive()) {
            Thread.sleep(100);
            stored = metrics.storedShares();
            if (first < 0 && stored > 0) {
                first = stored;
                t0 = System.nanoTime();
                cpu0 = MachineStats.cpuSeconds(accounting.pid());
                pg0 = MachineStats.cpuSecondsOfCommand("postgres");
                broker0 = MachineStats.cpuSecondsOfCommandLine("kafka.Kafka");
            } else if (first >= 0 && load.isEmpty() && System.nanoTime() - t0 > 3_000_000_000L) {
                load = MachineStats.loadAverage();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = (stored - first) / seconds;
        report.line(f("- **stored: %,.0f shares/s** (%,.0f events from the first stored to the last in %.1f s),"
                + " one accounting process, one transaction per poll of up to 5,000 records; load average during %s",
                rate, stored - first, seconds, load));
        report.line(f("- CPU during the drain (of one core): accounting %.0f %%, PostgreSQL (all its processes) %.0f %%,"
                + " broker %.0f %%; %.1f µs of accounting CPU and %.1f µs of PostgreSQL CPU per share",
                100 * (MachineStats.cpuSeconds(accounting.pid()) - cpu0) / seconds,
                100 * (MachineStats.cpuSecondsOfCommand("postgres") - pg0) / seconds,
                100 * (MachineStats.cpuSecondsOfCommandLine("kafka.Kafka") - broker0) / seconds,
                1e6 * (MachineStats.cpuSeconds(accounting.pid()) - cpu0) / Math.max(1, stored - first),
                1e6 * (MachineStats.cpuSecondsOfCommand("postgres") - pg0) / Math.max(1, stored - first)));
        if (stored < options.drainShares()) {
            report.line(f("- incomplete: %,.0f of %,d stored (accounting alive: %s)", stored, options.drainShares(),
                    accounting.isAlive()));
        }
    }

    private static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(System.getProperty("bench.pg.url", PG_URL), "stratumpool",
                "stratumpool"); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (Exception e) {
            System.err.println("could not drop schema " + schema + ": " + e);
        }
    }
}
