package io.stratumpool.pool.accounting;

import io.stratumpool.pool.accounting.WalletPayments.Batch;
import io.stratumpool.pool.accounting.WalletPayments.Status;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays balances through the node wallet, one step at a time on the caller's (single) thread. Each
 * {@link #runOnce} first settles what earlier runs left open: a signed batch is looked up by its
 * txid and, when the wallet does not know it, the very same stored transaction is broadcast again
 * (a resend can never pay twice: it is one transaction). While any batch is signed but unknown to
 * the wallet nothing new is created; a node that refuses the transaction is reported as
 * {@code broadcast_refused} (an operator may void the batch once it provably cannot confirm: {@link BatchVoid}). Then, unless paused, credited blocks that left the chain are
 * reversed, a new batch is recorded (balances move into it in the same database transaction),
 * signed, stored with its txid, and only then broadcast. With approval on, a batch waits for an
 * operator between recorded and signed.
 */
public final class WalletPayer {
    private static final Logger log = LoggerFactory.getLogger(WalletPayer.class);
    private static final Logger refused = LoggerFactory.getLogger("event.payout-refused");
    private static final Logger broadcastRefused = LoggerFactory.getLogger("event.payout-broadcast-refused");
    private static final Logger sentEvent = LoggerFactory.getLogger("event.payout-sent");
    /** A reorganisation deeper than this below the tip is not looked for (credited blocks older than it are final). */
    static final int REORG_CHECK_DEPTH = 1000;

    private final WalletPayments payments;
    private final Accounting accounting;
    private final Wallet wallet;
    private final ChainView chain;
    private final Function<String, Optional<String>> addressOf;
    private final WalletPayoutConfig config;
    private final long minimum;
    private final Consumer<String> onRefused;

    /**
     * @param chain the node's chain for the reorganisation check, null when blocks do not come from a node
     * @param onRefused told the reason label of every refusal (a metric)
     */
    public WalletPayer(WalletPayments payments, Accounting accounting, Wallet wallet, ChainView chain,
            Function<String, Optional<String>> addressOf, WalletPayoutConfig config, long minimum,
            Consumer<String> onRefused) {
        this.payments = payments;
        this.accounting = accounting;
        this.wallet = wallet;
        this.chain = chain;
        this.addressOf = addressOf;
        this.config = config;
        this.minimum = minimum;
        this.onRefused = onRefused;
    }

    /** What one run did, for the admin API and tests. */
    public record Outcome(int reconciled, Long newBatch, String refusal) {
        @Override
        public String toString() {
            return "reconciled " + reconciled + " batches" + (newBatch == null ? "" : ", batch " + newBatch)
                    + (refusal == null ? "" : ", refused: " + refusal);
        }
    }

    /** One round: reconcile every open batch, then (not paused) record and pay a new one. */
    public Outcome runOnce() {
        try {
            if (reverseOrphanedCredits()) {
                for (Batch batch : payments.open()) {
                    if (batch.status().unsigned() && payments.reject(batch.id(), "payer (credits reversed by a reorg)")) {
                        log.info("batch {} rejected: credits it may hold were reversed; a new batch is recorded", batch.id());
                    }
                }
            }
            int reconciled = 0;
            boolean blocked = false;
            for (Batch batch : payments.open()) {
                if (!payable(batch)) {
                    continue;
                }
                reconciled++;
                if (!settle(batch)) {
                    blocked = true; // its coins are not locked: no other batch may be funded until the wallet knows it
                    break;
                }
            }
            if (blocked || payments.paused()) {
                return new Outcome(reconciled, null, null);
            }
            Optional<Batch> next = payments.record(minimum, addressOf);
            if (next.isEmpty()) {
                return new Outcome(reconciled, null, null);
            }
            log.info("batch {} recorded: {} payments, {} sat", next.get().id(), next.get().outputs().size(),
                    next.get().total());
            settle(next.get());
            return new Outcome(reconciled, next.get().id(), null);
        } catch (WalletException e) {
            refuse(e);
            return new Outcome(0, null, e.reason().label() + ": " + e.getMessage());
        }
    }

    /** Batches recorded before the wallet was switched on carry no addresses: the operator pays those by hand. */
    private static boolean payable(Batch batch) {
        return batch.outputs().stream().allMatch(o -> o.address() != null);
    }

    /**
     * Moves one batch as far as it can go now; false while the batch blocks new ones (signed, and
     * the wallet does not know its transaction yet).
     */
    private boolean settle(Batch batch) {
        Batch current = batch;
        if (current.status().unsigned()) {
            if (current.status() == Status.RECORDED && payments.approvalRequired()) {
                return true; // waits for an operator; recording more batches meanwhile pays nothing twice
            }
            current = sign(current);
        }
        OptionalLong confirmations = wallet.confirmations(current.txid());
        if (confirmations.isEmpty()) {
            broadcast(current);
            confirmations = awaitWallet(current.txid());
        }
        if (confirmations.isEmpty()) {
            if (!wallet.inMempool(current.txid())) {
                // bcoin answers every sendrawtransaction with the txid and drops (or orphans) what it refuses
                throw broadcastRefused(current, "the node took it but holds it in neither its mempool nor the wallet"
                        + " (an input is missing or spent?)", null);
            }
            log.info("batch {}: transaction {} broadcast, the wallet does not show it yet", current.id(), current.txid());
            return false;
        }
        Status status = payments.seen(current, confirmations.getAsLong(), config.confirmations());
        if (current.status() == Status.SIGNED) {
            sentEvent.info("batch {} sent: txid {}, {} payments, {} sat, fee {} sat", current.id(), current.txid(),
                    current.outputs().size(), current.total(), current.fee());
        }
        if (status == Status.CONFIRMED && current.status() != Status.CONFIRMED) {
            log.info("batch {} confirmed ({} confirmations): txid {}", current.id(), confirmations.getAsLong(),
                    current.txid());
        }
        return true;
    }

    /**
     * Sends a signed batch's stored transaction. A refusal by the node (not a transport failure) is its
     * own event and reason: the batch blocks new payouts until it is sent, or voided by an operator
     * once its transaction provably can never confirm.
     */
    private void broadcast(Batch batch) {
        try {
            wallet.broadcast(batch.hex());
        } catch (WalletException e) {
            if (e.reason() != WalletException.Reason.REFUSED) {
                throw e;
            }
            throw broadcastRefused(batch, e.getMessage(), e);
        }
    }

    private static WalletException broadcastRefused(Batch batch, String why, WalletException cause) {
        broadcastRefused.warn("batch {}: the node refuses its signed transaction {} ({}); new payouts wait for it."
                + " If it can never confirm, void it: POST /admin/payouts/{}/void", batch.id(), batch.txid(), why,
                batch.id());
        return new WalletException(WalletException.Reason.BROADCAST_REFUSED, "batch " + batch.id() + ": the node"
                + " refuses transaction " + batch.txid() + ": " + why, cause);
    }

    /** Signs an unsigned batch and stores the transaction; nothing is sent here. */
    private Batch sign(Batch batch) {
        double rate = feeRate();
        Wallet.Signed tx = wallet.create(batch.outputs(), rate);
        if (!payments.signed(batch.id(), batch.status(), tx)) {
            throw new IllegalStateException("batch " + batch.id() + " changed while it was signed (rejected by an operator?)");
        }
        return payments.find(batch.id()).orElseThrow();
    }

    private double feeRate() {
        if (config.feeRate() != null) {
            return config.feeRate();
        }
        OptionalLong estimate = wallet.estimateFeeRate();
        if (estimate.isEmpty()) {
            throw new WalletException(WalletException.Reason.FEE_ESTIMATION,
                    "the node has no fee estimate and payout.wallet.feeRate is not set");
        }
        if (estimate.getAsLong() > config.maxFeeRate()) {
            throw new WalletException(WalletException.Reason.FEE_ABOVE_CAP, "estimated fee rate "
                    + estimate.getAsLong() + " sat/vB is above payout.wallet.maxFeeRate " + config.maxFeeRate());
        }
        return Math.max(1, estimate.getAsLong());
    }

    /** bcoin adds a broadcast transaction to its mempool (and wallet) asynchronously: a short bounded look. */
    private OptionalLong awaitWallet(String txid) {
        for (int i = 0; i < 20; i++) {
            OptionalLong confirmations = wallet.confirmations(txid);
            if (confirmations.isPresent()) {
                return confirmations;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return OptionalLong.empty();
    }

    /** Reverses the credits of every recently credited block the node's chain no longer holds; true when any was. */
    private boolean reverseOrphanedCredits() {
        if (chain == null) {
            return false;
        }
        long tip = chain.tipHeight();
        boolean any = false;
        for (Accounting.CreditedBlock block : accounting.creditedBlocksFrom(Math.max(0, tip - REORG_CHECK_DEPTH))) {
            String inChain = block.height() > tip ? null : chain.blockHashAt(block.height());
            if (!block.hash().equals(inChain)) {
                any |= accounting.reverseBlock(block.hash(), inChain == null ? "the chain is now only " + tip
                        + " blocks high" : "height " + block.height() + " now holds block " + inChain);
            }
        }
        return any;
    }

    private void refuse(WalletException e) {
        if (e.reason() != WalletException.Reason.BROADCAST_REFUSED) { // that one has its own event
            refused.warn("wallet payout refused ({}): {}", e.reason().label(), e.getMessage());
        }
        try {
            onRefused.accept(e.reason().label());
        } catch (RuntimeException ignored) {
            // a broken metric must not stop payouts
        }
    }
}
