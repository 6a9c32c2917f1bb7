package io.stratumpool.pool.config;

import io.stratumpool.validator.Target;

/**
 * The embedded sandbox chain used when no node is configured. {@code networkDifficulty} is a number
 * or {@code regtest} (nBits 207fffff, ≈ 4.66e-10: nearly every share is a block); the default 0.01
 * gives a simulated CPU fleet shares far more often than blocks. {@code genesisHeight} is the height
 * of the chain's genesis stand-in, so the first template is for the height above it.
 */
public record SandboxConfig(String networkDifficulty, Long genesisHeight, Integer transactions, Integer refreshSeconds) {
    /**
     * Above 16, so every BIP34 height is a data push: heights 1..16 are written OP_1..OP_16, which
     * ESP-Miner (Bitaxe, NerdQAxe) cannot decode. At most 2^31 - 2, so the push stays within 4 bytes.
     */
    public static final long MIN_GENESIS_HEIGHT = 16;
    public static final long MAX_GENESIS_HEIGHT = Integer.MAX_VALUE - 1;

    public SandboxConfig {
        networkDifficulty = networkDifficulty == null ? "0.01" : networkDifficulty.trim();
        genesisHeight = genesisHeight == null ? 100L : genesisHeight;
        transactions = transactions == null ? 40 : transactions;
        refreshSeconds = refreshSeconds == null ? 30 : refreshSeconds;
    }

    public static SandboxConfig defaults() {
        return new SandboxConfig(null, null, null, null);
    }

    /** The nBits the sandbox's blocks must meet. */
    public long nBits() {
        if (networkDifficulty.equalsIgnoreCase("regtest")) {
            return 0x207fffffL;
        }
        return Target.ofDifficulty(Double.parseDouble(networkDifficulty)).toCompact();
    }

    void validate(Problems p) {
        if (!networkDifficulty.equalsIgnoreCase("regtest")) {
            try {
                double d = Double.parseDouble(networkDifficulty);
                Target regtest = Target.ofCompact(0x207fffffL);
                p.check(d >= regtest.difficulty() && d <= 1e12, "sandbox.networkDifficulty", networkDifficulty,
                        "\"regtest\" or a number from " + regtest.difficulty() + " to 1e12");
            } catch (NumberFormatException e) {
                p.add("sandbox.networkDifficulty: " + networkDifficulty + " (expected: \"regtest\" or a number)");
            }
        }
        p.check(genesisHeight >= MIN_GENESIS_HEIGHT && genesisHeight <= MAX_GENESIS_HEIGHT, "sandbox.genesisHeight",
                genesisHeight, MIN_GENESIS_HEIGHT + ".." + MAX_GENESIS_HEIGHT
                        + "; blocks above height 16 carry their height as a data push, which ESP-Miner needs");
        p.range("sandbox.transactions", transactions, 0, 20_000);
        p.range("sandbox.refreshSeconds", refreshSeconds, 1, 3600);
    }
}
