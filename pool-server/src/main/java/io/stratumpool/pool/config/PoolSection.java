package io.stratumpool.pool.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.stratumpool.validator.address.Address;
import io.stratumpool.validator.address.Network;

/**
 * Who the pool is: its coinbase tag, the address block rewards go to (pool payout schemes), the
 * Bitcoin network addresses are checked against, and this node's id (the extranonce1 prefix that
 * keeps several pool nodes' work apart), and its {@link Role} in a cluster.
 */
public record PoolSection(String tag, String address, String network, Integer nodeId, String dataDir, Role role) {
    /** What this process does: everything (the default), the Stratum side of a cluster, or its accounting side. */
    public enum Role {
        /** One process: Stratum, ledger on SQLite or PostgreSQL, accounting, API. */
        ALL,
        /** Sessions, validation, jobs, blocks; accepted shares go to Kafka ({@code cluster:}). */
        STRATUM,
        /** Consumes the shares topic into the database ({@code ledger:}); no Stratum ports. */
        ACCOUNTING;

        @JsonCreator
        public static Role parse(String value) {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        }

        @JsonValue
        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A regtest P2WPKH address the sandbox pays when none is configured (program: the first 20 bytes of SHA-256("stratumpool sandbox"), a key nobody holds). */
    public static final String SANDBOX_ADDRESS = "bcrt1qsejuyfhzq8uqqs8sc096n96d4hz55zl6mhv6lw";

    public PoolSection {
        tag = tag == null ? "/StratumPool/" : tag;
        network = network == null ? "regtest" : network;
        nodeId = nodeId == null ? 0 : nodeId;
        dataDir = dataDir == null ? "data" : dataDir;
        role = role == null ? Role.ALL : role;
    }

    public static PoolSection defaults() {
        return new PoolSection(null, null, null, null, null, null);
    }

    public Network bitcoinNetwork() {
        return Network.named(network);
    }

    void validate(Problems p) {
        p.check(tag.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 60, "pool.tag", '"' + tag + '"',
                "at most 60 bytes (the coinbase scriptSig holds 100 bytes in all)");
        p.range("pool.nodeId", nodeId, 0, 255);
        Network net = null;
        try {
            net = Network.named(network);
        } catch (IllegalArgumentException e) {
            p.add("pool.network: " + e.getMessage());
        }
        if (address != null && net != null) {
            try {
                Address.parse(address, net);
            } catch (IllegalArgumentException e) {
                p.add("pool.address: " + e.getMessage());
            }
        }
    }
}
