package io.stratumpool.bench.load;

import io.stratumpool.pool.block.InMemoryBlockRepository;
import io.stratumpool.pool.config.ConfigLoader;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.ledger.Database;
import io.stratumpool.pool.ledger.InMemoryShareLedger;
import io.stratumpool.pool.ledger.JdbcShareLedger;
import io.stratumpool.pool.ledger.LedgerConfig;
import io.stratumpool.pool.ledger.ShareLedger;
import io.stratumpool.pool.sandbox.SandboxChain;
import io.stratumpool.pool.server.PoolServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pool side of the load benchmark, run in its own JVM by {@link PoolProcess}: the real
 * {@link PoolServer} with the real config loader and sandbox chain (so {@code --set} reaches every
 * key, as with {@code pool-server.jar}), plus what the shaded jar cannot offer yet: a choice of
 * ledger (the durable one is not wired into {@code Main}) and a control channel on stdin for
 * measurements only the pool's own JVM can make (heap after GC, Netty's direct memory, the
 * fan-out timer) and for moving the sandbox's tip. Replies are single {@code BENCH key=value ...}
 * lines on stdout, between the pool's log lines. When stdin closes (the harness died) it exits.
 *
 * <pre>BenchPool [--ledger memory|sqlite|postgresql] [--worker-threads N] [--set path=value]...</pre>
 */
public final class BenchPool {
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
        PoolConfig config = ConfigLoader.load(null, overrides);
        Clock clock = Clock.systemUTC();
        InMemoryBlockRepository blocks = new InMemoryBlockRepository(clock);
        // Built here rather than by the Builder so the harness can move the tip (an external block).
        SandboxChain sandbox = new SandboxChain(config.sandbox().nBits(), config.sandbox().transactions(),
                config.sandbox().refreshSeconds(), blocks, clock);
        ShareLedger ledger = ledger(ledgerKind);
        PoolServer.Builder builder = PoolServer.builder(config).blocks(blocks).chain(sandbox, sandbox).ledger(ledger);
        if (workerThreads > 0) {
            builder.workerThreads(workerThreads);
        }
        PoolServer server = builder.start();
        PoolDiagnostics diagnostics = new PoolDiagnostics(server, sandbox, ledgerKind);
        diagnostics.awaitFirstJob();
        reply(diagnostics.ready());
        serve(diagnostics);
        server.close();
        System.exit(0);
    }

    private static ShareLedger ledger(String kind) throws Exception {
        return switch (kind) {
            case "memory" -> new InMemoryShareLedger();
            case "sqlite" -> {
                LedgerConfig c = LedgerConfig.sqlite(Files.createTempDirectory("bench-ledger").toString());
                yield new JdbcShareLedger(Database.open(c), c);
            }
            case "postgresql" -> {
                // The CI database (.ci/run); a schema of its own, so the test suites' tables are untouched.
                LedgerConfig c = LedgerConfig.postgresql(System.getProperty("bench.pg.url",
                        "jdbc:postgresql://127.0.0.1:5432/stratumpool_test"), "stratumpool", "stratumpool")
                        .withSchema("bench_load_" + ProcessHandle.current().pid());
                yield new JdbcShareLedger(Database.open(c), c);
            }
            default -> throw new IllegalArgumentException("--ledger " + kind + " (expected memory, sqlite or postgresql)");
        };
    }

    /** Answers commands until {@code quit} or the end of stdin. */
    private static void serve(PoolDiagnostics diagnostics) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line.trim()) {
                case "memory" -> reply(diagnostics.memory());
                case "block" -> reply(diagnostics.externalBlock());
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
