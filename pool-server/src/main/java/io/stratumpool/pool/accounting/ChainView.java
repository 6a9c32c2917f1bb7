package io.stratumpool.pool.accounting;

/** The node's main chain as the payer checks credited blocks against it; failures throw {@link WalletException}. */
public interface ChainView {
    long tipHeight();

    /** The main-chain block hash at {@code height}, display order. */
    String blockHashAt(long height);
}
