package io.stratumpool.pool.ledger;

import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.ShareListener;
import io.stratumpool.sim.SimRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool settings and the fleet both end-to-end ledger tests use: one miner of every firmware
 * profile, redialing by itself, at a fixed share difficulty low enough for dozens of shares a
 * second from a few hundred kH/s, so that every kill and every outage catches shares in flight.
 */
final class MiningRig {
    static final int MINERS = 9;
    static final double HASHRATE_PER_MINER = 50_000;

    private MiningRig() {
    }

    /** Sandbox chain, fixed difficulty (profiles' suggestions are clamped to it), and the ledger's store. */
    static List<String> poolSettings(LedgerConfig store, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--set", "stratum.ports[0].minDifficulty=0.00000025",
                "--set", "stratum.ports[0].initialDifficulty=0.0000005",
                "--set", "stratum.ports[0].maxDifficulty=0.0000005",
                "--set", "stratum.ports[0].vardiff=false"));
        if (store.store() == LedgerConfig.Store.POSTGRESQL) {
            args.addAll(List.of("--set", "ledger.store=postgresql", "--set", "ledger.url=" + store.url(),
                    "--set", "ledger.user=" + store.user(), "--set", "ledger.password=" + store.password(),
                    "--set", "ledger.schema=" + store.schema()));
        }
        for (String setting : extra) {
            args.addAll(List.of("--set", setting));
        }
        return args;
    }

    static Fleet fleet(SimRuntime runtime, int port, ShareListener listener) {
        return Fleet.start(runtime, MINERS, i -> MinerOptions.builder("127.0.0.1", port)
                .profile(Fleet.mixedProfile(i)).name("m" + i).user("ledger.m" + i)
                .hashrate(HASHRATE_PER_MINER)
                .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                .shareListener(listener)
                .transcriptLimit(300)
                .build());
    }
}
