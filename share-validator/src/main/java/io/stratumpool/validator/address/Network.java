package io.stratumpool.validator.address;

import java.util.List;
import java.util.Locale;

/** The address parameters of one Bitcoin network: base58 version bytes and the bech32 human-readable part. */
public final class Network {

    public static final Network MAINNET = new Network("mainnet", 0x00, 0x05, "bc");
    /** Shared by testnet3 and testnet4: they differ in genesis and rules, not in address format. */
    public static final Network TESTNET = new Network("testnet", 0x6f, 0xc4, "tb");
    public static final Network SIGNET = new Network("signet", 0x6f, 0xc4, "tb");
    public static final Network REGTEST = new Network("regtest", 0x6f, 0xc4, "bcrt");
    /**
     * bcoin's regtest has its own hrp and its own base58 version bytes (lib/protocol/networks.js: pubkeyhash
     * 0x3c, scripthash 0x26, so "R…" and "G…"); it refuses Core's regtest base58 addresses.
     */
    public static final Network BCOIN_REGTEST = new Network("bcoin-regtest", 0x3c, 0x26, "rb");

    private static final List<Network> ALL = List.of(MAINNET, TESTNET, SIGNET, REGTEST, BCOIN_REGTEST);
    private static final String ACCEPTED_NAMES =
            "mainnet, main, bitcoin, testnet, testnet3, testnet4, test, signet, regtest, bcoin-regtest";

    private final String name;
    private final int p2pkhVersion;
    private final int p2shVersion;
    private final String bech32Hrp;

    private Network(String name, int p2pkhVersion, int p2shVersion, String bech32Hrp) {
        this.name = name;
        this.p2pkhVersion = p2pkhVersion;
        this.p2shVersion = p2shVersion;
        this.bech32Hrp = bech32Hrp;
    }

    /**
     * Looks a network up by the names operators write in configs and node RPC reports
     * ({@code getblockchaininfo} says "main", "test", "testnet4", "signet", "regtest"); case-insensitive.
     */
    public static Network named(String name) {
        if (name == null) {
            throw new IllegalArgumentException("network: null (expected one of: " + ACCEPTED_NAMES + ")");
        }
        switch (name.toLowerCase(Locale.ROOT)) {
            case "mainnet": case "main": case "bitcoin": return MAINNET;
            case "testnet": case "testnet3": case "testnet4": case "test": return TESTNET;
            case "signet": return SIGNET;
            case "regtest": return REGTEST;
            case "bcoin-regtest": return BCOIN_REGTEST;
            default:
                throw new IllegalArgumentException("network: \"" + AddressException.printable(name)
                        + "\" (expected one of: " + ACCEPTED_NAMES + ")");
        }
    }

    /** Every predefined network; used to recognise an address meant for another network. */
    static List<Network> all() {
        return ALL;
    }

    public String name() {
        return name;
    }

    /** Version byte of base58check pay-to-pubkey-hash addresses (0..255). */
    public int p2pkhVersion() {
        return p2pkhVersion;
    }

    /** Version byte of base58check pay-to-script-hash addresses (0..255). */
    public int p2shVersion() {
        return p2shVersion;
    }

    /** Human-readable part of segwit addresses, lowercase. */
    public String bech32Hrp() {
        return bech32Hrp;
    }

    @Override
    public String toString() {
        return name;
    }
}
