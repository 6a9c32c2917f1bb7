package io.stratumpool.bench.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        Path out,
        int wireConnections,
        String wireLedger,
        int wireRounds,
        int nodes,
        List<Integer> rates,
        String kafka,
        String accountingMetrics,
        int drainShares,
        String floorTransport,
        List<String> transports,
        int fanoutRepeats,
        String baselineClasspath,
        int fanoutWarmup) {

    static final String USAGE = """
            Usage: LoadHarness [options]
              --phases LIST             connections,floor,submits,wire,fanout (default the first three); also latency
                                        (reply latency at --rates, then at saturation, per --ledgers entry)
                                        and drain (accounting alone draining a pre-filled topic)
              --connections N           connections held, fan-out fleet (default 19000)
              --fanout-rounds N         new blocks to time (default 10)
              --fanout-warmup N         fanout phase: rounds each fresh server runs first, shown but not
                                        counted (default 2: the JIT compiles the broadcast in them; a
                                        pool runs for days)
              --submit-connections N    connections pipelining submits (default 2000)
              --window N                submits in flight per connection (default 32)
              --durable-window N        the same with a durable ledger (default 8: 2,000 x 8 stays under
                                        the ledger's queue of 20,000, so shares wait rather than bounce)
              --warmup-seconds N        before the submit window is counted (default 10)
              --measure-seconds N       the counted submit window (default 20)
              --ledgers LIST            memory,sqlite,postgresql (default memory,sqlite; sqlite is the pool's default);
                                        the latency phase also takes kafka: --nodes stratum nodes on --kafka
              --nodes N                 stratum nodes of the latency phase's kafka entry (default 2)
              --rates LIST              offered submits/s of the latency phase, all nodes together (default 2000,10000)
              --kafka HOST:PORT         the broker for the kafka entry and the drain phase
              --accounting-metrics URL  an accounting process's /metrics: its lag and store rate in the report
              --drain-shares N          events the drain phase writes before starting accounting (default 300000)
              --io-threads N            generator event loops (default 2)
              --pool-threads N          pool worker event loops (default 0: the pool's default, one per core)
              --pool-jvm "ARGS"         JVM options of the pool process (default "-Xms2g -Xmx2g -XX:+AlwaysPreTouch
                                        -XX:+UseParallelGC": the README's collector)
              --per-source N            connections per source address 127.0.0.x (default 4000)
              --max-pending N           handshakes under way at once (default 500)
              --wire-connections N      wire phase: connections per fleet, V1 / V2 standard / V2 extended
                                        (default 1000)
              --wire-ledger NAME        wire phase: the ledger (default memory: the protocols alone)
              --wire-rounds N           wire phase: saturation rounds over the three fleets; the table
                                        shows the last (default 2: the first warms every path up)
              --floor-transport NAME    the floor server's transport: auto, io_uring, epoll, nio (default auto,
                                        as the pool's stratum.transport)
              --transports LIST         fanout phase: the transports to compare (default auto)
              --fanout-repeats N        fanout phase: passes over the configurations, interleaved (default 2)
              --baseline-classpath CP   fanout phase: also time the pool of another build (its jar), before
                                        this build's pool in every pass, on that build's default transport
              --set PATH=VALUE          extra pool config override (repeatable)
              --out FILE                results as Markdown (default bench/target/load-results.md)
              -h, --help                show this help
              --version                 print the version
            """;

    /** The version line of {@code --version}: the jar's Implementation-Version, or "dev" outside a jar. */
    static String versionText() {
        String v = HarnessOptions.class.getPackage().getImplementationVersion();
        return "stratumpool load-harness " + (v == null ? "dev" : v);
    }

    /**
     * The options as picocli reads them, as text: they are converted below exactly as before picocli
     * (a bad number is still a NumberFormatException).
     */
    @Command(name = "LoadHarness", mixinStandardHelpOptions = true, versionProvider = Spec.Version.class)
    static final class Spec {
        @Option(names = "--phases") String phases;
        @Option(names = "--connections") String connections;
        @Option(names = "--fanout-rounds") String fanoutRounds;
        @Option(names = "--submit-connections") String submitConnections;
        @Option(names = "--window") String window;
        @Option(names = "--durable-window") String durableWindow;
        @Option(names = "--warmup-seconds") String warmupSeconds;
        @Option(names = "--measure-seconds") String measureSeconds;
        @Option(names = "--ledgers") String ledgers;
        @Option(names = "--io-threads") String ioThreads;
        @Option(names = "--pool-threads") String poolThreads;
        @Option(names = "--pool-jvm") String poolJvm;
        @Option(names = "--per-source") String perSource;
        @Option(names = "--max-pending") String maxPending;
        @Option(names = "--set") List<String> sets = new ArrayList<>();
        @Option(names = "--out") String out;
        @Option(names = "--wire-connections") String wireConnections;
        @Option(names = "--wire-ledger") String wireLedger;
        @Option(names = "--wire-rounds") String wireRounds;
        @Option(names = "--nodes") String nodes;
        @Option(names = "--rates") String rates;
        @Option(names = "--kafka") String kafka;
        @Option(names = "--accounting-metrics") String accountingMetrics;
        @Option(names = "--drain-shares") String drainShares;
        @Option(names = "--floor-transport") String floorTransport;
        @Option(names = "--transports") String transports;
        @Option(names = "--fanout-repeats") String fanoutRepeats;
        @Option(names = "--baseline-classpath") String baselineClasspath;
        @Option(names = "--fanout-warmup") String fanoutWarmup;

        static final class Version implements CommandLine.IVersionProvider {
            @Override
            public String[] getVersion() {
                return new String[] {versionText()};
            }
        }
    }

    /** Parses {@code args}; --help and --version exit the JVM with 0 after printing. */
    static HarnessOptions parse(String[] args) {
        HarnessOptions options = parse(args, System.out);
        if (options == null) {
            System.exit(0);
        }
        return options;
    }

    /** Parses {@code args}; null after printing the help or the version to {@code stdout}. */
    static HarnessOptions parse(String[] args, PrintStream stdout) {
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
        List<String> poolJvm = List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC");
        int perSource = 4_000;
        int maxPending = 500;
        List<String> sets = new ArrayList<>();
        Path out = Path.of("bench/target/load-results.md");
        int wireConnections = 1_000;
        String wireLedger = "memory";
        int wireRounds = 2;
        String floorTransport = "auto";
        List<String> transports = List.of("auto");
        int fanoutRepeats = 2;
        Spec spec = new Spec();
        CommandLine cmd = new CommandLine(spec).setOverwrittenOptionsAllowed(true).setExpandAtFiles(false);
        try {
            cmd.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw new IllegalArgumentException("unknown option " + e.getUnmatched().get(0) + "\n" + USAGE);
        } catch (CommandLine.MissingParameterException e) {
            String name = ((CommandLine.Model.OptionSpec) e.getMissing().get(0)).longestName();
            throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + USAGE);
        }
        if (cmd.isUsageHelpRequested()) {
            stdout.print(USAGE);
            return null;
        }
        if (cmd.isVersionHelpRequested()) {
            stdout.println(versionText());
            return null;
        }
        if (spec.phases != null) {
            phases = List.of(spec.phases.split(","));
        }
        if (spec.connections != null) {
            connections = Integer.parseInt(spec.connections);
        }
        if (spec.fanoutRounds != null) {
            rounds = Integer.parseInt(spec.fanoutRounds);
        }
        if (spec.submitConnections != null) {
            submitConnections = Integer.parseInt(spec.submitConnections);
        }
        if (spec.window != null) {
            window = Integer.parseInt(spec.window);
        }
        if (spec.durableWindow != null) {
            durableWindow = Integer.parseInt(spec.durableWindow);
        }
        if (spec.warmupSeconds != null) {
            warmup = Integer.parseInt(spec.warmupSeconds);
        }
        if (spec.measureSeconds != null) {
            measure = Integer.parseInt(spec.measureSeconds);
        }
        if (spec.ledgers != null) {
            ledgers = List.of(spec.ledgers.split(","));
        }
        if (spec.ioThreads != null) {
            ioThreads = Integer.parseInt(spec.ioThreads);
        }
        if (spec.poolThreads != null) {
            poolThreads = Integer.parseInt(spec.poolThreads);
        }
        if (spec.poolJvm != null) {
            poolJvm = Arrays.asList(spec.poolJvm.trim().split("\\s+"));
        }
        if (spec.perSource != null) {
            perSource = Integer.parseInt(spec.perSource);
        }
        if (spec.maxPending != null) {
            maxPending = Integer.parseInt(spec.maxPending);
        }
        sets.addAll(spec.sets);
        if (spec.out != null) {
            out = Path.of(spec.out);
        }
        if (spec.wireConnections != null) {
            wireConnections = Integer.parseInt(spec.wireConnections);
        }
        if (spec.wireLedger != null) {
            wireLedger = spec.wireLedger;
        }
        if (spec.wireRounds != null) {
            wireRounds = Integer.parseInt(spec.wireRounds);
        }
        int nodes = spec.nodes == null ? 2 : Integer.parseInt(spec.nodes);
        List<Integer> rates = spec.rates == null ? List.of(2_000, 10_000)
                : Arrays.stream(spec.rates.split(",")).map(Integer::parseInt).toList();
        int drainShares = spec.drainShares == null ? 300_000 : Integer.parseInt(spec.drainShares);
        if (spec.floorTransport != null) {
            floorTransport = spec.floorTransport;
        }
        if (spec.transports != null) {
            transports = List.of(spec.transports.split(","));
        }
        if (spec.fanoutRepeats != null) {
            fanoutRepeats = Integer.parseInt(spec.fanoutRepeats);
        }
        return new HarnessOptions(phases, connections, rounds, submitConnections, window, durableWindow, warmup, measure, ledgers,
                ioThreads, poolThreads, poolJvm, perSource, maxPending, List.copyOf(sets), out, wireConnections, wireLedger,
                wireRounds, nodes, rates, spec.kafka, spec.accountingMetrics, drainShares, floorTransport, transports,
                fanoutRepeats, spec.baselineClasspath, spec.fanoutWarmup == null ? 2 : Integer.parseInt(spec.fanoutWarmup));
    }
}
