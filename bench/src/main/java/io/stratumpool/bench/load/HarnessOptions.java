package io.stratumpool.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The load harness's command line; every option has a default that reproduces BENCHMARKS.md. */
record HarnessOptions(
        List<String> phases,
        int connections,
        int fanoutRounds,
        int submitConnections,
        int window,
        int durableWindow,
        int warmupSeconds,
        int measureSeconds,
        List<String> ledgers,
        int ioThreads,
        int poolThreads,
        List<String> poolJvm,
        int perSource,
        int maxPending,
        List<String> poolSets,
        Path out) {

    static final String USAGE = """
            Usage: LoadHarness [options]
              --phases LIST             connections,floor,submits (default all three)
              --connections N           connections held, fan-out fleet (default 19000)
              --fanout-rounds N         new blocks to time (default 10)
              --submit-connections N    connections pipelining submits (default 2000)
              --window N                submits in flight per connection (default 32)
              --durable-window N        the same with a durable ledger (default 8: 2,000 x 8 stays under
                                        the ledger's queue of 20,000, so shares wait rather than bounce)
              --warmup-seconds N        before the submit window is counted (default 10)
              --measure-seconds N       the counted submit window (default 20)
              --ledgers LIST            memory,sqlite,postgresql (default memory,sqlite; sqlite is the pool's default)
              --io-threads N            generator event loops (default 2)
              --pool-threads N          pool worker event loops (default 0: the pool's default, one per core)
              --pool-jvm "ARGS"         JVM options of the pool process (default "-Xms2g -Xmx2g -XX:+AlwaysPreTouch")
              --per-source N            connections per source address 127.0.0.x (default 4000)
              --max-pending N           handshakes under way at once (default 500)
              --set PATH=VALUE          extra pool config override (repeatable)
              --out FILE                results as Markdown (default bench/target/load-results.md)
            """;

    static HarnessOptions parse(String[] args) {
        List<String> phases = List.of("connections", "floor", "submits");
        int connections = 19_000;
        int rounds = 10;
        int submitConnections = 2_000;
        int window = 32;
        int durableWindow = 8;
        int warmup = 10;
        int measure = 20;
        List<String> ledgers = List.of("memory", "sqlite");
        int ioThreads = 2;
        int poolThreads = 0;
        List<String> poolJvm = List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch");
        int perSource = 4_000;
        int maxPending = 500;
        List<String> sets = new ArrayList<>();
        Path out = Path.of("bench/target/load-results.md");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (name) {
                case "--phases" -> phases = List.of(v.split(","));
                case "--connections" -> connections = Integer.parseInt(v);
                case "--fanout-rounds" -> rounds = Integer.parseInt(v);
                case "--submit-connections" -> submitConnections = Integer.parseInt(v);
                case "--window" -> window = Integer.parseInt(v);
                case "--durable-window" -> durableWindow = Integer.parseInt(v);
                case "--warmup-seconds" -> warmup = Integer.parseInt(v);
                case "--measure-seconds" -> measure = Integer.parseInt(v);
                case "--ledgers" -> ledgers = List.of(v.split(","));
                case "--io-threads" -> ioThreads = Integer.parseInt(v);
                case "--pool-threads" -> poolThreads = Integer.parseInt(v);
                case "--pool-jvm" -> poolJvm = Arrays.asList(v.trim().split("\\s+"));
                case "--per-source" -> perSource = Integer.parseInt(v);
                case "--max-pending" -> maxPending = Integer.parseInt(v);
                case "--set" -> sets.add(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        return new HarnessOptions(phases, connections, rounds, submitConnections, window, durableWindow, warmup, measure, ledgers,
                ioThreads, poolThreads, poolJvm, perSource, maxPending, List.copyOf(sets), out);
    }
}
