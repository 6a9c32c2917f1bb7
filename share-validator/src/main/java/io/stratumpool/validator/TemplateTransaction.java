package io.stratumpool.validator;

import java.util.List;

/**
 * One non-coinbase transaction of a block template, serialized as the node gave it (with witness
 * where it has one). {@code depends} are 1-based indexes of earlier template transactions it spends.
 */
public record TemplateTransaction(byte[] data, Hash256 txid, Hash256 wtxid, long fee, long weight, List<Integer> depends) {
    public TemplateTransaction {
        if (data == null || data.length < 10) {
            throw new IllegalArgumentException("transaction data: too short");
        }
        depends = List.copyOf(depends);
    }

    /** A transaction from its serialized bytes, computing txid and wtxid itself. */
    public static TemplateTransaction of(byte[] data, long fee, List<Integer> depends) {
        Transaction tx = Transaction.parse(data);
        return new TemplateTransaction(data, tx.txid(), tx.wtxid(), fee, tx.weight(), depends);
    }
}
