package io.stratumpool.pool.accounting;

import io.stratumpool.pool.accounting.WalletPayments.Batch;
import io.stratumpool.pool.accounting.WalletPayments.Status;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Transaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An operator's way out of a signed batch the network refuses for good: the batch is voided (its
 * users get their balances back, so a later batch pays them) only when the pool itself finds that its
 * stored transaction can never confirm: the wallet does not know it, the node's mempool does not hold
 * it, and the named conflicting transaction spends one of its inputs and is at least {@code depth}
 * blocks deep. Anything less is refused with one line saying why. Runs on the payer's thread.
 */
public final class BatchVoid {
    /** What a void request came to: {@code refusal} is null when the batch was voided. */
    public record Result(long batch, boolean voided, String refusal) {
        static Result refused(long batch, String why) {
            return new Result(batch, false, "batch " + batch + ": " + why);
        }
    }

    private final WalletPayments payments;
    private final Wallet wallet;
    private final int depth;

    public BatchVoid(WalletPayments payments, Wallet wallet, int depth) {
        this.payments = payments;
        this.wallet = wallet;
        this.depth = depth;
    }

    /** Voids batch {@code id} if {@code conflictTxid} proves its transaction can never confirm. */
    public Result apply(long id, String conflictTxid, String by) {
        Optional<Batch> found = payments.find(id);
        if (found.isEmpty()) {
            return Result.refused(id, "no such wallet batch");
        }
        Batch batch = found.get();
        if (batch.status() != Status.SIGNED) {
            return Result.refused(id, "it is " + batch.status().label() + " (only a signed batch the wallet does not"
                    + " know can be voided" + (batch.status().unsigned() ? "; reject it instead)" : ")"));
        }
        try {
            String why = whyItMayConfirm(batch, conflictTxid);
            if (why != null) {
                return Result.refused(id, why);
            }
        } catch (WalletException e) {
            return Result.refused(id, "cannot check the wallet and node (" + e.reason().label() + "): " + e.getMessage());
        }
        String detail = "txid " + batch.txid() + " can never confirm: " + conflictTxid + " spends its input and is at"
                + " least " + depth + " blocks deep";
        if (!payments.voided(id, detail, by)) {
            return Result.refused(id, "it changed while it was checked");
        }
        return new Result(id, true, null);
    }

    /** Null when the transaction can never confirm, else the reason it still may (or may not be shown not to). */
    private String whyItMayConfirm(Batch batch, String conflictTxid) {
        if (wallet.confirmations(batch.txid()).isPresent()) {
            return "its transaction " + batch.txid() + " is known to the wallet (in the chain or mempool)";
        }
        if (wallet.inMempool(batch.txid())) {
            return "its transaction " + batch.txid() + " is in the node's mempool";
        }
        List<Transaction.Input> inputs = Transaction.parse(Hex.decode(batch.hex())).inputs();
        if (conflictTxid == null || conflictTxid.isBlank()) {
            return conflictMissing(batch, inputs);
        }
        if (!conflictTxid.matches("[0-9a-f]{64}")) {
            return "conflict: \"" + (conflictTxid.length() > 80 ? conflictTxid.substring(0, 80) + "…" : conflictTxid)
                    + "\" (expected a txid: 64 lower-case hex digits)";
        }
        if (conflictTxid.equals(batch.txid())) {
            return "the conflict named is the batch's own transaction";
        }
        Optional<Wallet.Known> conflict = wallet.transaction(conflictTxid);
        if (conflict.isEmpty() || conflict.get().hex().isEmpty()) {
            return "the wallet does not know transaction " + conflictTxid;
        }
        if (!spendsAny(Transaction.parse(Hex.decode(conflict.get().hex())), inputs)) {
            return "transaction " + conflictTxid + " spends none of the inputs of " + batch.txid();
        }
        long confirmations = conflict.get().confirmations();
        if (confirmations < depth) {
            return "the conflicting transaction " + conflictTxid + " has " + Math.max(0, confirmations)
                    + " confirmations, payout.wallet.voidDepth requires " + depth;
        }
        return null;
    }

    private String conflictMissing(Batch batch, List<Transaction.Input> inputs) {
        List<String> spent = new ArrayList<>();
        for (Transaction.Input in : inputs) {
            String outpoint = in.prevTxid().toHexReversed() + ":" + in.prevIndex();
            if (!wallet.unspent(in.prevTxid().toHexReversed(), in.prevIndex())) {
                spent.add(outpoint);
            }
        }
        if (spent.isEmpty()) {
            return "every input of " + batch.txid() + " is unspent: it can still confirm (let the payer rebroadcast it)";
        }
        return "name the confirmed transaction that spent its input " + spent.get(0) + " (body: {\"conflict\": txid})";
    }

    private static boolean spendsAny(Transaction conflict, List<Transaction.Input> inputs) {
        Set<String> ours = new HashSet<>();
        inputs.forEach(in -> ours.add(in.prevTxid().toHexReversed() + ":" + in.prevIndex()));
        return conflict.inputs().stream().anyMatch(in -> ours.contains(in.prevTxid().toHexReversed() + ":" + in.prevIndex()));
    }
}
