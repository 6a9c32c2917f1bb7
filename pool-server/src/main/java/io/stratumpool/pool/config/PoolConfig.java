package io.stratumpool.pool.config;

import io.stratumpool.pool.accounting.PayoutConfig;
import io.stratumpool.pool.admin.AdminConfig;
import io.stratumpool.pool.api.ApiConfig;
import io.stratumpool.pool.cluster.ClusterConfig;
import io.stratumpool.pool.ledger.LedgerConfig;
import io.stratumpool.pool.node.config.NodeConfig;
import java.util.List;

/**
 * The whole configuration file, bound by {@link ConfigLoader}. Every section may be left out;
 * without a {@code node:} section the pool mines on its embedded sandbox chain.
 */
public record PoolConfig(
        StratumConfig stratum,
        PoolSection pool,
        SandboxConfig sandbox,
        LedgerConfig ledger,
        PayoutConfig payout,
        ApiConfig api,
        NodeConfig node,
        ClusterConfig cluster,
        AdminConfig admin) {

    public PoolConfig {
        stratum = stratum == null ? StratumConfig.defaults() : stratum;
        pool = pool == null ? PoolSection.defaults() : pool;
        sandbox = sandbox == null ? SandboxConfig.defaults() : sandbox;
        ledger = (ledger == null ? LedgerConfig.sqlite(null) : ledger).withDefaultDataDir(pool.dataDir());
        payout = payout == null ? PayoutConfig.defaults() : payout;
        api = api == null ? ApiConfig.defaults() : api;
        cluster = (cluster == null ? ClusterConfig.defaults() : cluster).withDefaultSpoolDir(pool.dataDir());
        admin = admin == null ? AdminConfig.defaults() : admin;
    }

    public static PoolConfig defaults() {
        return new PoolConfig(null, null, null, null, null, null, null, null, null);
    }

    /** True when templates come from Bitcoin nodes rather than the sandbox chain. */
    public boolean usesNode() {
        return node != null;
    }

    /** Every problem in the configuration, empty when it is usable. */
    public List<String> problems() {
        Problems p = new Problems();
        stratum.validate(p);
        pool.validate(p);
        sandbox.validate(p);
        ledger.validate().forEach(p::add);
        payout.validate().forEach(p::add);
        api.validate().forEach(p::add);
        if (pool.role() != PoolSection.Role.ALL) {
            cluster.validate().forEach(p::add);
        }
        admin.validate().forEach(p::add);
        if (payout.coinbasePayouts() && pool.role() != PoolSection.Role.ALL) {
            p.add("payout.coinbase.enabled: true (expected pool.role: all; the coinbase split reads the PPLNS window"
                    + " from this process's ledger)");
        }
        if (node != null) {
            node.problems().forEach(p::add);
            if (pool.address() == null) {
                p.add("pool.address: missing (expected: the " + pool.network()
                        + " address block rewards are paid to; required when mining with a node)");
            }
        }
        return p.list();
    }
}
