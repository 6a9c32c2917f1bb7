package io.stratumpool.pool.accounting;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The node wallet as the payer needs it: a signed transaction that is NOT yet sent (so its txid can
 * be stored first), a broadcast of exactly those bytes, and what the wallet knows of a txid. Every
 * failure is a {@link WalletException} with its reason.
 */
public interface Wallet {
    /** One output of a batch: {@code amount} satoshis to {@code address}. */
    record Output(String address, long amount) {
    }

    /** A signed transaction: its txid (display order), raw hex and the fee it pays. */
    record Signed(String txid, String hex, long fee) {
    }

    /** Funds and signs a transaction paying exactly {@code outputs}, fees on top, at {@code satPerVbyte}; never sends it. */
    Signed create(List<Output> outputs, double satPerVbyte);

    /** Sends exactly these bytes to the network; already known or mined counts as sent. */
    void broadcast(String hex);

    /** Confirmations the wallet sees for {@code txid} (0: in the mempool), empty when the wallet does not know it. */
    OptionalLong confirmations(String txid);

    /** A transaction the wallet knows: its raw hex and confirmations (0: in the mempool; negative: conflicted). */
    record Known(String hex, long confirmations) {
    }

    /** The wallet's copy of {@code txid}, empty when the wallet does not know it. */
    Optional<Known> transaction(String txid);

    /** True when the node's mempool holds {@code txid}. */
    boolean inMempool(String txid);

    /** True when output {@code vout} of {@code txid} is unspent in the node's chain and mempool. */
    boolean unspent(String txid, long vout);

    /** The node's fee estimate in sat/vB for a confirmation within a few blocks, empty when it has none. */
    OptionalLong estimateFeeRate();
}
