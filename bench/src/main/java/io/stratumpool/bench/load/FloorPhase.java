package io.stratumpool.bench.load;

import java.util.List;

/**
 * The fan-out floor on this machine: the same fleet and rounds as {@link ConnectionsPhase}, against
 * {@link RawNotifyServer} (the pool's Netty transport, no pipeline, no sessions). The gap between its figures and
 * the pool's is what the pool's own code costs; the floor itself is the kernel's loopback TCP and
 * the generator, which share the same two cores.
 */
final class FloorPhase {
    private final HarnessOptions options;
    private final LoadClient client;
    private final Report report;

    FloorPhase(HarnessOptions options, LoadClient client, Report report) {
        this.options = options;
        this.client = client;
        this.report = report;
    }

    void run(int notifyBytes) throws Exception {
        run(notifyBytes, options.floorTransport());
    }

    /** The floor on one transport ({@code auto}, {@code io_uring}, {@code epoll}, {@code nio}); the rounds' figures. */
    FanoutRounds.Result run(int notifyBytes, String transport) throws Exception {
        try (PoolProcess server = start(options, notifyBytes, transport)) {
            report.line("");
            report.line("## Fan-out floor: the same sends from a bare Netty server");
            report.line("");
            report.line("- server: " + server.ready() + ", load average " + MachineStats.loadAverage());
            Fleet fleet = client.open(LoadHarness.address(server), options.connections(), "x", 300);
            try {
                Thread.sleep(1_000);
                return FanoutRounds.run(fleet, server, 0, options.fanoutRounds(), report, "floor ");
            } finally {
                fleet.close();
            }
        }
    }

    static PoolProcess start(HarnessOptions options, int notifyBytes, String transport) throws Exception {
        int port = LoadHarness.freePort();
        List<String> args = List.of("--port", Integer.toString(port), "--notify-bytes", Integer.toString(notifyBytes),
                "--transport", transport);
        java.nio.file.Path log = options.out().toAbsolutePath().resolveSibling("load-pool-floor.log");
        return new PoolProcess(RawNotifyServer.class, List.of("-Xms512m", "-Xmx512m"), args, log);
    }
}
