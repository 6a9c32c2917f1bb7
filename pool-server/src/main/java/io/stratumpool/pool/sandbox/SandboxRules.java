package io.stratumpool.pool.sandbox;

import io.stratumpool.validator.Block;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.Script;
import io.stratumpool.validator.Target;
import io.stratumpool.validator.TemplateTransaction;
import io.stratumpool.validator.Transaction;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The checks a node makes on a submitted block that matter for a pool, with Bitcoin Core's
 * rejection reasons. Returns null for a valid block.
 */
final class SandboxRules {
    private SandboxRules() {
    }

    static String check(Block block, Hash256 tip, long height, long nBits, Map<Hash256, TemplateTransaction> offered) {
        if (!block.prevHash().equals(tip)) {
            return "prev-blk-not-tip: block builds on " + block.prevHash() + ", tip is " + tip;
        }
        if (block.nBits() != nBits) {
            return "bad-diffbits";
        }
        if (!Target.ofCompact(nBits).isMetBy(block.hash())) {
            return "high-hash";
        }
        if (!block.computeMerkleRoot().equals(block.merkleRoot())) {
            return "bad-txnmrklroot";
        }
        String transactions = checkTransactions(block, offered);
        return transactions != null ? transactions : checkCoinbase(block, height, offered);
    }

    private static String checkCoinbase(Block block, long height, Map<Hash256, TemplateTransaction> offered) {
        Transaction coinbase = block.transactions().get(0);
        if (!coinbase.isCoinbase()) {
            return "bad-cb-missing";
        }
        byte[] scriptSig = coinbase.inputs().get(0).scriptSig();
        byte[] heightPush = Script.bip34HeightPush(height);
        if (scriptSig.length < 2 || scriptSig.length > 100) {
            return "bad-cb-length";
        }
        if (!Arrays.equals(scriptSig, 0, heightPush.length, heightPush, 0, heightPush.length)) {
            return "bad-cb-height";
        }
        long paid = coinbase.outputs().stream().mapToLong(Transaction.Output::value).sum();
        long fees = block.transactions().stream().skip(1).mapToLong(tx -> offered.get(tx.txid()).fee()).sum();
        if (paid > SandboxChain.subsidy(height) + fees) {
            return "bad-cb-amount";
        }
        return checkWitnessCommitment(block, coinbase);
    }

    private static String checkWitnessCommitment(Block block, Transaction coinbase) {
        Hash256 declared = Merkle.findWitnessCommitment(coinbase.outputs());
        boolean anyWitness = block.transactions().stream().anyMatch(Transaction::hasWitness);
        if (declared == null) {
            return anyWitness ? "unexpected-witness" : null;
        }
        List<List<byte[]>> witness = coinbase.witnesses();
        if (witness.isEmpty() || witness.get(0).size() != 1 || witness.get(0).get(0).length != 32) {
            return "bad-witness-nonce-size";
        }
        List<Hash256> wtxids = block.transactions().subList(1, block.transactions().size()).stream()
                .map(Transaction::wtxid).toList();
        return declared.equals(Merkle.witnessCommitment(wtxids, witness.get(0).get(0))) ? null : "bad-witness-merkle-match";
    }

    /** Every transaction must be one the sandbox offered at this height (it has no mempool or UTXO set). */
    private static String checkTransactions(Block block, Map<Hash256, TemplateTransaction> offered) {
        for (Transaction tx : block.transactions().subList(1, block.transactions().size())) {
            if (!offered.containsKey(tx.txid())) {
                return "bad-txns-inputs-missingorspent";
            }
        }
        return null;
    }
}
