package io.stratumpool.pool.server;

import io.stratumpool.pool.config.ConfigLoader;
import io.stratumpool.pool.config.PoolConfig;
import io.stratumpool.pool.sandbox.SandboxChain;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sim.Waits;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole pool in-process on a loopback port chosen by the OS, on a sandbox chain, plus simulated
 * miners. Public for whole-pool tests that live with the edge they are about (the web pages in {@code api}).
 */
public final class PoolFixture implements AutoCloseable {
    public final PoolServer pool;
    public final SimRuntime sims = new SimRuntime(1, 2);

    public PoolFixture(String networkDifficulty, Map<String, String> extra) throws InterruptedException {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "stratum.host", "127.0.0.1",
                "stratum.ports[0].port", "0",
                "stratum.ports[0].initialDifficulty", "0.00001",
                "stratum.ports[0].minDifficulty", "0.0000001",
                "sandbox.networkDifficulty", networkDifficulty,
                "sandbox.transactions", "30",
                "ledger.dataDir", tempDir(),
                "api.host", "127.0.0.1",
                "api.port", "0"));
        overrides.put("stratum.v2.ports[0].port", "0");
        overrides.putAll(extra);
        PoolConfig config = ConfigLoader.load(null, overrides);
        pool = PoolServer.builder(config).start();
        Waits.until("the first job", Duration.ofSeconds(10), () -> pool.jobs().current() != null);
    }

    public PoolFixture(String networkDifficulty) throws InterruptedException {
        this(networkDifficulty, Map.of());
    }

    private static String tempDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("stratumpool-it");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public int port() {
        return pool.stratumPort(0);
    }

    public SandboxChain sandbox() {
        return (SandboxChain) pool.templateSource();
    }

    public MinerOptions.Builder options(FirmwareProfile profile, String user) {
        return MinerOptions.builder("127.0.0.1", port()).profile(profile).user(user).name(profile.name().toLowerCase());
    }

    public SimMiner start(MinerOptions options) {
        SimMiner miner = new SimMiner(sims, options);
        miner.start();
        return miner;
    }

    @Override
    public void close() {
        sims.close();
        pool.close();
    }
}
