package io.stratumpool.bench.load;

import io.stratumpool.pool.config.ConfigLoader;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.ledger.InMemoryShareLedger;
import io.stratumpool.pool.sandbox.SandboxChain;
import io.stratumpool.pool.server.PoolServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pool side of the load benchmark, run in its own JVM by {@link PoolProcess}: the real
 * {@link PoolServer}, built as {@code Main} builds it (config loader with {@code --set} overrides,
 * sandbox chain, and the configured ledger with its bookkeeping and HTTP API), plus a control
 * channel on stdin for what only the pool's own JVM can measure (heap after GC, Netty's direct
 * memory, the fan-out timer) and for moving the sandbox's tip. Replies are single
 * {@code BENCH key=value ...} lines on stdout, between the pool's log lines. When stdin closes
 * (the harness died) it exits.
 *
 * <p>Ledgers: {@code sqlite} is the pool's default (a fresh file in a temporary data directory),
 * {@code postgresql} the CI database in a schema of its own (dropped at the end), and
 * {@code memory} the in-memory ledger without bookkeeping, which measures the Stratum side alone.
 *
 * <pre>BenchPool [--ledger memory|sqlite|postgresql] [--worker-threads N] [--set path=value]...</pre>
 */
public final class BenchPool {
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/stratumpool_test";

    private BenchPool() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        String ledgerKind = "memory";
        int workerThreads = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ledger" -> ledgerKind = args[++i];
                case "--worker-threads" -> workerThreads = Integer.parseInt(args[++i]);
                case "--set" -> {
                    String kv = args[++i];
                    overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dataDir = Files.createTempDirectory("bench-pool");
        String schema = "bench_load_" + ProcessHandle.current().pid();
        overrides.putAll(ledgerSettings(ledgerKind, dataDir, schema));
        PoolConfig config = ConfigLoader.load(null, overrides);
        PoolServer.Builder builder = PoolServer.builder(config);
        if (ledgerKind.equals("memory")) {
            builder.ledger(new InMemoryShareLedger());
        }
        if (workerThreads > 0) {
            builder.workerThreads(workerThreads);
        }
        PoolServer server = builder.start();
        try {
            PoolDiagnostics diagnostics = new PoolDiagnostics(server, (SandboxChain) server.templateSource(), ledgerKind);
            diagnostics.awaitFirstJob();
            reply(diagnostics.ready());
            serve(diagnostics);
        } finally {
            server.close();
            cleanUp(ledgerKind, dataDir, schema);
        }
        System.exit(0);
    }

    /** Where the configured ledger goes: a fresh SQLite file, or PostgreSQL in a schema of this run's own. */
    private static Map<String, String> ledgerSettings(String kind, Path dataDir, String schema) {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("pool.dataDir", dataDir.toString());
        sets.put("api.host", "127.0.0.1");
        sets.put("api.port", "0");
        switch (kind) {
            case "memory", "sqlite" -> {
                // the default store
            }
            case "postgresql" -> {
                sets.put("ledger.store", "postgresql");
                sets.put("ledger.url", System.getProperty("bench.pg.url", PG_URL));
                sets.put("ledger.user", "stratumpool");
                sets.put("ledger.password", "stratumpool");
                sets.put("ledger.schema", schema);
            }
            default -> throw new IllegalArgumentException("--ledger " + kind + " (expected memory, sqlite or postgresql)");
        }
        return sets;
    }

    /** Leaves no benchmark data behind: the SQLite directory, or the PostgreSQL schema. */
    private static void cleanUp(String kind, Path dataDir, String schema) {
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + dataDir + ": " + e);
        }
        if (kind.equals("postgresql")) {
            try (Connection c = DriverManager.getConnection(System.getProperty("bench.pg.url", PG_URL), "stratumpool",
                    "stratumpool"); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop schema " + schema + ": " + e);
            }
        }
    }

    /** Answers commands until {@code quit} or the end of stdin. */
    private static void serve(PoolDiagnostics diagnostics) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line.trim()) {
                case "memory" -> reply(diagnostics.memory());
                case "block" -> reply(diagnostics.externalBlock());
                case "refresh" -> reply(diagnostics.refresh());
                case "fanout" -> reply(diagnostics.fanout());
                case "shares" -> reply(diagnostics.shares());
                case "quit" -> {
                    return;
                }
                default -> reply("error=unknown-command");
            }
        }
    }

    private static void reply(String keyValues) {
        System.out.println("BENCH " + keyValues);
        System.out.flush();
    }
}
