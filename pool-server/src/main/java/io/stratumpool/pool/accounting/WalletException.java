package io.stratumpool.pool.accounting;

import java.util.Locale;

/** The wallet refused or could not be reached; {@link #reason()} is a bounded metric label. */
public final class WalletException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a payment did not happen. */
    public enum Reason {
        /** The wallet's spendable coins do not cover the batch and its fee. */
        INSUFFICIENT_FUNDS,
        /** No fee rate configured and the node has no estimate. */
        FEE_ESTIMATION,
        /** The fee rate (estimated) is above {@code payout.wallet.maxFeeRate}. */
        FEE_ABOVE_CAP,
        /** The wallet or node did not answer. */
        UNREACHABLE,
        /** The node refuses to broadcast a signed batch's stored transaction (it may never confirm: see the void action). */
        BROADCAST_REFUSED,
        /** Any other refusal by the wallet or node (its message says which). */
        REFUSED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public WalletException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public WalletException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
