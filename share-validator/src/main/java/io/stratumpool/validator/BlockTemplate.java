package io.stratumpool.validator;

import java.util.List;

/**
 * What a node (or the sandbox chain) offers to mine on: the essentials of {@code getblocktemplate}.
 * {@code witnessCommitmentScript} is the full output script of the node's
 * {@code default_witness_commitment}, or null when the template has none.
 */
public record BlockTemplate(
        long height,
        int version,
        Hash256 prevHash,
        long nBits,
        long curTime,
        long minTime,
        long coinbaseValue,
        List<TemplateTransaction> transactions,
        byte[] witnessCommitmentScript,
        byte[] coinbaseAuxFlags) {

    public BlockTemplate {
        if (height < 0) {
            throw new IllegalArgumentException("height: " + height + " (expected: >= 0)");
        }
        if (coinbaseValue < 0) {
            throw new IllegalArgumentException("coinbaseValue: " + coinbaseValue + " (expected: >= 0)");
        }
        Target.ofCompact(nBits); // rejects malformed nBits early
        transactions = List.copyOf(transactions);
        coinbaseAuxFlags = coinbaseAuxFlags == null ? new byte[0] : coinbaseAuxFlags;
    }

    public Target networkTarget() {
        return Target.ofCompact(nBits);
    }

    public boolean hasWitnessCommitment() {
        return witnessCommitmentScript != null;
    }

    /** The txids of the template's transactions, in order (the coinbase excluded). */
    public List<Hash256> txids() {
        return transactions.stream().map(TemplateTransaction::txid).toList();
    }

    /** The wtxids of the template's transactions, in order (the coinbase excluded). */
    public List<Hash256> wtxids() {
        return transactions.stream().map(TemplateTransaction::wtxid).toList();
    }
}
