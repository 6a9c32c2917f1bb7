package io.stratumpool.pool.server;

import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.config.PoolSection;
import io.stratumpool.pool.node.config.NodeEndpointConfig;
import java.util.List;
import java.util.stream.Collectors;

/** The one INFO line that says what this pool is: version, network, chain, payout, address, ports. */
final class StartupBanner {
    private StartupBanner() {
    }

    static String line(PoolConfig config, List<Integer> stratumPorts, int apiPort) {
        String address = config.pool().address() != null ? config.pool().address()
                : PoolSection.SANDBOX_ADDRESS + " (sandbox default)";
        StringBuilder ports = new StringBuilder();
        for (int i = 0; i < stratumPorts.size(); i++) {
            ports.append(i == 0 ? "" : ", ").append(stratumPorts.get(i))
                    .append(config.stratum().ports().get(i).tls() ? " (tls)" : "");
        }
        return "stratumpool " + PoolVersion.get() + " started: network " + config.pool().network()
                + ", chain " + chain(config) + ", payout " + config.payout().scheme().name().toLowerCase(java.util.Locale.ROOT)
                + ", pool address " + address + ", Stratum ports " + ports
                + ", API port " + (apiPort < 0 ? "none" : Integer.toString(apiPort));
    }

    private static String chain(PoolConfig config) {
        if (!config.usesNode()) {
            return "sandbox (network difficulty " + config.sandbox().networkDifficulty() + ")";
        }
        return "node " + config.node().endpoints().stream().map(NodeEndpointConfig::url).collect(Collectors.joining(", "));
    }
}
