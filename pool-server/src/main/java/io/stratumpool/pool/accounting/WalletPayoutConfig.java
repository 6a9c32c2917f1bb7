package io.stratumpool.pool.accounting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code payout.wallet:} section: balances (PPS, PPLNS, coinbase carry-over) paid by the node's
 * wallet. {@code url} is the wallet's JSON-RPC endpoint (Bitcoin Core: {@code http://host:8332/wallet/NAME};
 * bcoin: its wallet server, {@code http://host:48334/}), {@code nodeUrl} the node's for broadcasting and
 * fee estimates (defaults to {@code url}; bcoin's wallet server answers no node calls). {@code feeRate}
 * (sat/vB) fixes the rate; without it the node's {@code estimatesmartfee} decides, and above
 * {@code maxFeeRate} no batch is sent. {@code confirmations}: when a payment counts as final. {@code voidDepth}: how deep a conflicting
 * spend must be before an operator may void a signed batch it made unconfirmable.
 */
public record WalletPayoutConfig(Boolean enabled, Kind kind, String url, String nodeUrl, String user, String password,
        String walletId, Double feeRate, Double maxFeeRate, Integer confirmations, Double intervalSeconds,
        Boolean approval, Long requestTimeoutMillis, Integer voidDepth) {

    public WalletPayoutConfig {
        enabled = enabled == null ? Boolean.FALSE : enabled;
        kind = kind == null ? Kind.BITCOIND : kind;
        nodeUrl = nodeUrl == null ? url : nodeUrl;
        walletId = walletId == null ? "primary" : walletId;
        maxFeeRate = maxFeeRate == null ? 50.0 : maxFeeRate;
        confirmations = confirmations == null ? 6 : confirmations;
        intervalSeconds = intervalSeconds == null ? 600.0 : intervalSeconds;
        approval = approval == null ? Boolean.FALSE : approval;
        requestTimeoutMillis = requestTimeoutMillis == null ? 30_000L : requestTimeoutMillis;
        voidDepth = voidDepth == null ? 6 : voidDepth;
    }

    public static WalletPayoutConfig defaults() {
        return new WalletPayoutConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Which wallet RPC dialect signs a batch without sending it. */
    public enum Kind {
        /** Bitcoin Core / Knots: fundrawtransaction, signrawtransactionwithwallet. */
        BITCOIND,
        /** bcoin: the wallet server's {@code POST /wallet/:id/create}. */
        BCOIN;

        @JsonCreator
        public static Kind parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }

        @JsonValue
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every problem with this section, each as {@code payout.wallet.key: value (expected …)}. */
    public List<String> validate(PayoutConfig.Scheme scheme) {
        List<String> problems = new ArrayList<>();
        if (!enabled) {
            return problems;
        }
        if (scheme == PayoutConfig.Scheme.SOLO) {
            problems.add("payout.wallet.enabled: true (expected only with payout.scheme pplns or pps; solo pays in the coinbase)");
        }
        checkUrl("payout.wallet.url", url, problems);
        checkUrl("payout.wallet.nodeUrl", nodeUrl, problems);
        if (password == null || password.isEmpty()) {
            problems.add("payout.wallet.password: missing (expected the wallet RPC password or API key)");
        }
        if (feeRate != null && !(feeRate >= 1 && feeRate <= maxFeeRate)) {
            problems.add("payout.wallet.feeRate: " + feeRate + " (expected 1 <= sat/vB <= maxFeeRate " + maxFeeRate + ")");
        }
        if (!(maxFeeRate >= 1 && maxFeeRate <= 10_000)) {
            problems.add("payout.wallet.maxFeeRate: " + maxFeeRate + " (expected 1..10000 sat/vB)");
        }
        if (confirmations < 1 || confirmations > 1000) {
            problems.add("payout.wallet.confirmations: " + confirmations + " (expected 1..1000)");
        }
        if (!(intervalSeconds >= 0.1 && intervalSeconds <= 86_400)) {
            problems.add("payout.wallet.intervalSeconds: " + intervalSeconds + " (expected 0.1..86400)");
        }
        if (voidDepth < 1 || voidDepth > 1000) {
            problems.add("payout.wallet.voidDepth: " + voidDepth + " (expected 1..1000)");
        }
        if (requestTimeoutMillis < 100) {
            problems.add("payout.wallet.requestTimeoutMillis: " + requestTimeoutMillis + " (expected >= 100)");
        }
        return problems;
    }

    private static void checkUrl(String key, String url, List<String> problems) {
        if (url == null || url.isBlank()) {
            problems.add(key + ": missing (expected http://host:port/)");
            return;
        }
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(key + ": \"" + url + "\" (expected http://host:port/)");
            }
        } catch (java.net.URISyntaxException e) {
            problems.add(key + ": \"" + url + "\" (expected http://host:port/; " + e.getReason() + ")");
        }
    }
}
