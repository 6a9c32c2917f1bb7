package io.stratumpool.pool.config;

import java.util.List;

/** The whole configuration file, bound by {@link ConfigLoader}. Every section may be left out. */
public record PoolConfig(StratumConfig stratum, PoolSection pool, SandboxConfig sandbox) {

    public PoolConfig {
        stratum = stratum == null ? StratumConfig.defaults() : stratum;
        pool = pool == null ? PoolSection.defaults() : pool;
        sandbox = sandbox == null ? SandboxConfig.defaults() : sandbox;
    }

    public static PoolConfig defaults() {
        return new PoolConfig(null, null, null);
    }

    /** Every problem in the configuration, empty when it is usable. */
    public List<String> problems() {
        Problems p = new Problems();
        stratum.validate(p);
        pool.validate(p);
        sandbox.validate(p);
        return p.list();
    }
}
