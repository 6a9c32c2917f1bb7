package io.stratumpool.pool.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.accounting.WalletPayments.Batch;
import io.stratumpool.pool.accounting.WalletPayments.Status;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wallet batch state machine and the reversal of a credited block, on each store: every
 * transition names the state it leaves, so it happens once; money moves between balances and
 * batches in the same transaction, never appears or vanishes.
 */
@Timeout(60)
abstract class WalletPaymentsContract extends AccountingSuite {
    private static final Map<String, String> ADDRESSES = Map.of("alice", "addr-alice", "bob", "addr-bob");
    private static final Wallet.Signed TX = new Wallet.Signed("ab".repeat(32), "0200", 141);

    private WalletPayments payments() {
        return new WalletPayments(db, clock, false);
    }

    private void credit(String user, long amount) {
        db.inTransaction(c -> {
            Balances.add(c, user, amount, 0, 0, clock.millis());
            return null;
        });
    }

    private Batch record(WalletPayments payments) {
        return payments.record(500_000, u -> Optional.ofNullable(ADDRESSES.get(u))).orElseThrow();
    }

    @Test
    void onlyASignedBatchIsVoidedAndItsBalancesComeBackOnce() {
        credit("alice", 900_000);
        credit("bob", 600_000);
        WalletPayments payments = payments();
        Batch batch = record(payments);
        assertFalse(payments.voided(batch.id(), "test", "ann"), "an unsigned batch is rejected, not voided");
        assertTrue(payments.oldestUnconfirmedSignedMillis().isEmpty());
        assertTrue(payments.signed(batch.id(), Status.RECORDED, TX));
        assertEquals(clock.millis(), payments.oldestUnconfirmedSignedMillis().getAsLong());
        clock.advance(java.time.Duration.ofMinutes(5));
        assertTrue(payments.voided(batch.id(), "conflict deep enough", "ann"));
        assertFalse(payments.voided(batch.id(), "conflict deep enough", "ann"), "voided once");
        assertFalse(payments.reject(batch.id(), "ann"), "final");
        assertEquals(Status.VOIDED, payments.find(batch.id()).orElseThrow().status());
        assertBalances(Map.of("alice", 900_000L, "bob", 600_000L));
        assertEquals(0, paid("alice"));
        assertEquals(1_500_000, payments.unpaidTotal(), "owed again, exactly once");
        assertEquals(List.of(), payments.open());
        assertTrue(payments.oldestUnconfirmedSignedMillis().isEmpty(), "a voided batch waits for nothing");
        Batch again = record(payments);
        assertEquals(List.of("alice", "bob"), again.users(), "a later batch pays them");
        assertEquals(1_500_000, again.total());
    }

    @Test
    void recordsDueBalancesWithTheirAddressesAndLeavesTheRest() {
        credit("alice", 900_000);
        credit("bob", 100_000); // below the minimum
        credit("carol", 800_000); // no address
        WalletPayments payments = payments();
        Batch batch = record(payments);
        assertEquals(Status.RECORDED, batch.status());
        assertEquals(List.of("alice"), batch.users());
        assertEquals(List.of(new Wallet.Output("addr-alice", 900_000)), batch.outputs());
        assertNull(batch.txid());
        assertBalances(Map.of("alice", 0L, "bob", 100_000L, "carol", 800_000L));
        assertEquals(900_000, paid("alice"));
        assertEquals(100_000 + 800_000 + 900_000, payments.unpaidTotal(), "balances plus the unsent batch");
        assertTrue(payments.record(500_000, u -> Optional.ofNullable(ADDRESSES.get(u))).isEmpty(), "nothing left due");
    }

    @Test
    void aBatchMovesForwardOnlyAndEachStepHappensOnce() {
        credit("alice", 900_000);
        WalletPayments payments = payments();
        Batch batch = record(payments);
        assertTrue(payments.approve(batch.id(), "ann"));
        assertFalse(payments.approve(batch.id(), "ann"), "approved once");
        assertFalse(payments.signed(batch.id(), Status.RECORDED, TX), "the batch is no longer recorded");
        assertTrue(payments.signed(batch.id(), Status.APPROVED, TX));
        assertFalse(payments.signed(batch.id(), Status.APPROVED, TX), "signed once: one transaction per batch");
        assertFalse(payments.reject(batch.id(), "ann"), "a signed batch cannot be rejected: its transaction may be out");
        Batch signed = payments.find(batch.id()).orElseThrow();
        assertEquals(TX.txid(), signed.txid());
        assertEquals(TX.hex(), signed.hex());
        assertEquals(141L, signed.fee());
        assertEquals(900_000, payments.unpaidTotal(), "signed but unknown to the wallet: still unpaid");
        assertEquals(Status.SENT, payments.seen(signed, 0, 2));
        assertEquals(0, payments.unpaidTotal());
        Batch sent = payments.find(batch.id()).orElseThrow();
        assertEquals(Status.CONFIRMED, payments.seen(sent, 2, 2));
        assertEquals(List.of(), payments.open());
        assertEquals(2, payments.find(batch.id()).orElseThrow().confirmations());
        assertEquals(List.of("recorded", "approved", "signed", "sent", "confirmed"), auditTrail(batch.id()));
    }

    @Test
    void rejectingAnUnsignedBatchGivesTheBalancesBack() {
        credit("alice", 900_000);
        credit("bob", 600_000);
        WalletPayments payments = payments();
        Batch batch = record(payments);
        assertTrue(payments.reject(batch.id(), "ann"));
        assertFalse(payments.reject(batch.id(), "ann"));
        assertBalances(Map.of("alice", 900_000L, "bob", 600_000L));
        assertEquals(0, paid("alice"));
        assertEquals(List.of(), payments.open());
        assertEquals(1_500_000, payments.unpaidTotal());
        assertEquals(List.of("recorded", "rejected"), auditTrail(batch.id()));
    }

    @Test
    void switchesDefaultToTheConfigurationUntilAnOperatorSetsThem() {
        assertTrue(new WalletPayments(db, clock, true).approvalRequired());
        WalletPayments payments = payments();
        assertFalse(payments.approvalRequired());
        assertFalse(payments.paused());
        payments.setApprovalRequired(true, "ann");
        payments.setPaused(true, "ann");
        assertTrue(payments.approvalRequired());
        assertTrue(new WalletPayments(db, clock, false).paused(), "kept in the database across restarts");
        payments.setApprovalRequired(false, "bob");
        assertFalse(new WalletPayments(db, clock, true).approvalRequired(), "the operator's choice wins");
    }

    /** A credited PPLNS block leaves the chain: its credits come off the balances, recorded as negative credits. */
    @Test
    void reversingACreditedBlockTakesItsCreditsBack() throws Exception {
        BlockRecord b = block(7, "bob", 1000, 625_000_000L, T0);
        store(share("alice", 1000, 1000, b.height(), T0), blockShare(b, 1000, T0.plusSeconds(1)));
        Accounting accounting = new Accounting(db, new PplnsScheme(2, 0), clock);
        blocks.found(b);
        blocks.updateStatus(b.hash(), BlockStatus.CONFIRMED, null, 100);
        assertEquals(1, accounting.creditConfirmedBlocks());
        assertBalances(Map.of("alice", 312_500_000L, "bob", 312_500_000L));
        assertEquals(List.of(new Accounting.CreditedBlock(b.hash().toHexReversed(), b.height())),
                accounting.creditedBlocksFrom(b.height()));
        WalletPayments payments = payments();
        record(payments); // alice and bob's balances are in a batch now
        assertTrue(accounting.reverseBlock(b.hash().toHexReversed(), "height now holds another block"));
        assertFalse(accounting.reverseBlock(b.hash().toHexReversed(), "again"), "reversed once");
        assertEquals(BlockStatus.ORPHANED, blocks.find(b.hash()).orElseThrow().status());
        assertEquals(List.of(), accounting.creditedBlocksFrom(0));
        assertBalances(Map.of("alice", -312_500_000L, "bob", -312_500_000L));
        for (Batch batch : payments.open()) {
            assertTrue(payments.reject(batch.id(), "payer"), "the payer voids unsigned batches after a reversal");
        }
        assertBalances(Map.of("alice", 0L, "bob", 0L));
        assertEquals(0, accounting.creditConfirmedBlocks(), "an orphaned block is never credited again");
        long credits = db.query(c -> {
            var rs = c.createStatement().executeQuery("SELECT SUM(amount) FROM credits");
            rs.next();
            return rs.getLong(1);
        });
        assertEquals(0, credits, "every credit is matched by its reversal");
    }

    private List<String> auditTrail(long batch) {
        return db.query(c -> {
            var ps = c.prepareStatement("SELECT status FROM payout_batch_events WHERE batch_id = ? ORDER BY id");
            ps.setLong(1, batch);
            var rs = ps.executeQuery();
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        });
    }
}
