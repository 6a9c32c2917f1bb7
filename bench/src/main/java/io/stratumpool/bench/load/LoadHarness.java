package io.stratumpool.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Stratum load benchmark: the pool in its own JVM ({@link PoolProcess}), a simulated fleet in
 * this one ({@link LoadClient}), everything over loopback. Two phases, each with a fresh pool:
 * {@link ConnectionsPhase} (connections held, memory per connection, notify fan-out on a new block)
 * and {@link SubmitsPhase} (submits answered per second, once per ledger). Bounded in count and
 * time; the pool process is stopped, or killed, at the end of each phase whatever happened.
 * {@link FloorPhase} repeats the fan-out against {@link RawNotifyServer}, a server that does only
 * the sends, to show what this machine allows. {@link WirePhase} puts Stratum V1 and V2 (standard
 * and extended channels) side by side on one pool: submits answered and bytes on the wire.
 * {@link FanoutComparePhase} interleaves fan-out rounds of the pool and the floor per transport
 * (and of a baseline build of the pool).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.stratumpool.bench.load.LoadHarness --help</pre>
 */
public final class LoadHarness {
    private LoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options = HarnessOptions.parse(args);
        Report report = new Report();
        try (LoadClient client = new LoadClient(options.ioThreads(), options.perSource(), options.maxPending())) {
            int notifyBytes = 0;
            if (options.phases().contains("connections")) {
                ConnectionsPhase connections = new ConnectionsPhase(options, client, report);
                connections.run();
                notifyBytes = connections.notifyBytes();
            }
            if (options.phases().contains("floor")) {
                new FloorPhase(options, client, report).run(notifyBytes > 0 ? notifyBytes : 1400);
            }
            if (options.phases().contains("fanout")) {
                new FanoutComparePhase(options, client, report).run(notifyBytes > 0 ? notifyBytes : 1255);
            }
            if (options.phases().contains("submits")) {
                for (String ledger : options.ledgers()) {
                    new SubmitsPhase(options, client, report).run(ledger);
                }
            }
            if (options.phases().contains("wire")) {
                new WirePhase(options, client, report).run();
            }
            if (options.phases().contains("latency")) {
                for (String ledger : options.ledgers()) {
                    new LatencyPhase(options, client, report).run(ledger);
                }
            }
            if (options.phases().contains("drain")) {
                new DrainPhase(options, report).run();
            }
            report.line("");
            report.line("- every phase completed: " + options.phases());
        } finally {
            report.line("");
            report.line("- load average at end " + MachineStats.loadAverage());
            report.write(options.out());
        }
        System.exit(0);
    }

    /**
     * Starts the benchmark's pool: a 3,000-transaction sandbox template (a 12-level merkle branch)
     * at a network difficulty no share reaches, no template refresh during the run, on 127.0.0.1.
     */
    static PoolProcess startPool(HarnessOptions options, String ledger, Map<String, String> phaseSets, String name)
            throws IOException, InterruptedException {
        return startPool(options, ledger, phaseSets, name, System.getProperty("java.class.path"));
    }

    /** The same, from the pool build on {@code classPath} (the fan-out phase's baseline). */
    static PoolProcess startPool(HarnessOptions options, String ledger, Map<String, String> phaseSets, String name,
            String classPath) throws IOException, InterruptedException {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("stratum.host", "127.0.0.1");
        sets.put("stratum.ports[0].port", Integer.toString(freePort()));
        sets.put("stratum.v2.ports[0].port", "0");
        sets.put("sandbox.transactions", "3000");
        sets.put("sandbox.networkDifficulty", "1e12");
        sets.put("sandbox.refreshSeconds", "3600");
        sets.putAll(phaseSets);
        for (String kv : options.poolSets()) {
            sets.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        List<String> args = new ArrayList<>(List.of("--ledger", ledger));
        if (options.poolThreads() > 0) {
            args.addAll(List.of("--worker-threads", Integer.toString(options.poolThreads())));
        }
        sets.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        Path log = options.out().toAbsolutePath().resolveSibling("load-pool-" + name + ".log");
        return new PoolProcess(classPath, BenchPool.class, options.poolJvm(), args, log);
    }

    static InetSocketAddress address(PoolProcess pool) {
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(pool.ready().get("port")));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
