package io.stratumpool.pool.accounting;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code payout.coinbase:} section: non-custodial PPLNS, the block reward split over the
 * window's addresses in every job's coinbase. {@code maxBytes} caps the whole coinbase (without
 * witness) on ports that set no {@code coinbaseMaxBytes} of their own; {@code dust} is the smallest
 * amount paid by an output; {@code windowRefreshSeconds} is how often the window new jobs split
 * over is read from the ledger.
 */
public record CoinbasePayoutConfig(Boolean enabled, Integer maxOutputs, Integer maxBytes, Long dust,
        Double windowRefreshSeconds) {

    /** Bytes the node leaves for the coinbase: bcoin and Bitcoin Core reserve 4000 weight units for header and coinbase. */
    public static final int MAX_BYTES_LIMIT = 900;
    /** Room for the coinbase without payouts (scriptSig up to 100 bytes, witness commitment) and the pool's output. */
    public static final int MIN_BYTES = 250;

    public CoinbasePayoutConfig {
        enabled = enabled == null ? Boolean.FALSE : enabled;
        maxOutputs = maxOutputs == null ? 100 : maxOutputs;
        maxBytes = maxBytes == null ? MAX_BYTES_LIMIT : maxBytes;
        dust = dust == null ? 546L : dust;
        windowRefreshSeconds = windowRefreshSeconds == null ? 10.0 : windowRefreshSeconds;
    }

    public static CoinbasePayoutConfig defaults() {
        return new CoinbasePayoutConfig(null, null, null, null, null);
    }

    /** Every problem with this section, each as {@code payout.coinbase.key: value (expected …)}. */
    public List<String> validate(PayoutConfig.Scheme scheme) {
        List<String> problems = new ArrayList<>();
        if (enabled && scheme != PayoutConfig.Scheme.PPLNS) {
            problems.add("payout.coinbase.enabled: true (expected only with payout.scheme: pplns, not "
                    + scheme.yamlName() + ")");
        }
        if (maxOutputs < 1 || maxOutputs > 250) {
            problems.add("payout.coinbase.maxOutputs: " + maxOutputs + " (expected 1..250)");
        }
        problems.addAll(checkBytes("payout.coinbase.maxBytes", maxBytes));
        if (dust < 294) {
            problems.add("payout.coinbase.dust: " + dust + " (expected >= 294 satoshis, the smallest standard output)");
        }
        if (!(windowRefreshSeconds >= 0.1 && windowRefreshSeconds <= 600)) {
            problems.add("payout.coinbase.windowRefreshSeconds: " + windowRefreshSeconds + " (expected 0.1..600)");
        }
        return problems;
    }

    /** A coinbase byte budget's problem, if any (for this section and for a port's {@code coinbaseMaxBytes}). */
    public static List<String> checkBytes(String key, int bytes) {
        if (bytes < MIN_BYTES || bytes > MAX_BYTES_LIMIT) {
            return List.of(key + ": " + bytes + " (expected " + MIN_BYTES + ".." + MAX_BYTES_LIMIT
                    + " bytes: the node reserves room for about 900 bytes of coinbase in a full block)");
        }
        return List.of();
    }
}
