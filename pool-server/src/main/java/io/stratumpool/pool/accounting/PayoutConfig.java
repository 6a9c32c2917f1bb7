package io.stratumpool.pool.accounting;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code payout:} config section. {@code fee} is a fraction (0.02 = 2 %); {@code pplnsFactor}
 * sizes the PPLNS window as a multiple of the network difficulty; {@code minimumPayout} (satoshis)
 * is the balance at which a user enters a payout batch; {@code wallet} sends those batches through
 * the node's wallet (off: batches are recorded for the operator to pay).
 */
public record PayoutConfig(Scheme scheme, Double fee, Double pplnsFactor, Long minimumPayout, Boolean requireAddress,
        CoinbasePayoutConfig coinbase, WalletPayoutConfig wallet) {

    /**
     * Keys left out of the file take the defaults: PPLNS, 1 % fee, a window of 2 × network difficulty;
     * user names need not be addresses ({@code requireAddress: true} refuses, at authorize, a user name
     * that is neither an address of the pool's network nor bound to one in the admin API).
     */
    public PayoutConfig {
        scheme = scheme == null ? Scheme.PPLNS : scheme;
        fee = fee == null ? 0.01 : fee;
        pplnsFactor = pplnsFactor == null ? 2.0 : pplnsFactor;
        minimumPayout = minimumPayout == null ? 1_000_000L : minimumPayout;
        requireAddress = requireAddress == null ? Boolean.FALSE : requireAddress;
        coinbase = coinbase == null ? CoinbasePayoutConfig.defaults() : coinbase;
        wallet = wallet == null ? WalletPayoutConfig.defaults() : wallet;
    }

    public PayoutConfig(Scheme scheme, Double fee, Double pplnsFactor, Long minimumPayout, Boolean requireAddress,
            CoinbasePayoutConfig coinbase) {
        this(scheme, fee, pplnsFactor, minimumPayout, requireAddress, coinbase, null);
    }

    public PayoutConfig(Scheme scheme, Double fee, Double pplnsFactor, Long minimumPayout) {
        this(scheme, fee, pplnsFactor, minimumPayout, null, null);
    }

    /** How block rewards reach miners; the YAML spelling is lower case. */
    public enum Scheme {
        SOLO, PPLNS, PPS;

        @JsonCreator
        public static Scheme parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }

        @JsonValue
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static PayoutConfig defaults() {
        return new PayoutConfig(null, null, null, null, null, null, null);
    }

    /** Every problem with this section, each as {@code payout.key: value (expected …)}. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (scheme == null) {
            problems.add("payout.scheme: missing (expected solo, pplns or pps)");
        }
        if (!(fee >= 0 && fee < 1)) {
            problems.add("payout.fee: " + fee + " (expected 0 <= fee < 1, a fraction)");
        }
        if (!(pplnsFactor > 0 && pplnsFactor <= 100)) {
            problems.add("payout.pplnsFactor: " + pplnsFactor + " (expected 0 < factor <= 100)");
        }
        if (minimumPayout < 546) {
            problems.add("payout.minimumPayout: " + minimumPayout + " (expected >= 546 satoshis, the dust limit)");
        }
        if (scheme != null) {
            problems.addAll(coinbase.validate(scheme));
            problems.addAll(wallet.validate(scheme));
        }
        return problems;
    }

    /** True when every job's coinbase pays the PPLNS window directly. */
    public boolean coinbasePayouts() {
        return coinbase.enabled() && scheme == Scheme.PPLNS;
    }
}
