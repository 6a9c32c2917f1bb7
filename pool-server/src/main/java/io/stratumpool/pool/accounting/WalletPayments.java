package io.stratumpool.pool.accounting;

import io.stratumpool.pool.ledger.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Wallet payout batches in the database, each change one transaction with an audit row: recorded
 * (balances moved into the batch) → [approved] → signed (txid and raw transaction stored, not yet
 * sent) → sent (the wallet knows the txid) → confirmed; or rejected (balances given back) while no
 * transaction exists; or voided (balances given back) once its signed transaction can never confirm. Every transition names the state it leaves, so two callers can never both
 * make it.
 */
public final class WalletPayments {
    private static final String PAUSED = "wallet_paused";
    private static final String APPROVAL = "wallet_approval";

    /** A batch's states; {@code label()} is what the database, the API and the admin API show. */
    public enum Status {
        RECORDED, APPROVED, SIGNED, SENT, CONFIRMED, REJECTED, VOIDED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }

        /** No transaction exists yet: the batch may still be approved, rejected or signed. */
        public boolean unsigned() {
            return this == RECORDED || this == APPROVED;
        }
    }

    /** One wallet batch; {@code txid}, {@code hex} and {@code fee} are null until it is signed. */
    public record Batch(long id, long createdMillis, long total, Status status, String txid, String hex, Long fee,
            int confirmations, List<Wallet.Output> outputs, List<String> users) {
    }

    private final Database db;
    private final Clock clock;
    private final boolean approvalByDefault;

    /** @param approvalByDefault approval mode until an operator switches it ({@code payout.wallet.approval}) */
    public WalletPayments(Database db, Clock clock, boolean approvalByDefault) {
        this.db = db;
        this.clock = clock;
        this.approvalByDefault = approvalByDefault;
    }

    /**
     * Moves every balance of at least {@code minimum} whose user has an address into a new batch
     * (status recorded), with the address each line pays. Users without an address keep their balance.
     */
    public Optional<Batch> record(long minimum, Function<String, Optional<String>> addressOf) {
        return db.inTransaction(c -> {
            List<Object[]> due = new ArrayList<>();
            for (Object[] row : Balances.due(c, minimum)) {
                addressOf.apply((String) row[0]).ifPresent(a -> due.add(new Object[] {row[0], row[1], a}));
            }
            if (due.isEmpty()) {
                return Optional.empty();
            }
            long now = clock.millis();
            long total = due.stream().mapToLong(r -> (long) r[1]).sum();
            long id = Balances.newBatch(c, "wallet", total, Status.RECORDED.label(), now);
            for (Object[] row : due) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO payouts (batch_id, user_name, amount, address)"
                        + " VALUES (?, ?, ?, ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, (String) row[0]);
                    ps.setLong(3, (long) row[1]);
                    ps.setString(4, (String) row[2]);
                    ps.executeUpdate();
                }
                Balances.add(c, (String) row[0], -(long) row[1], (long) row[1], 0, now);
            }
            audit(c, id, Status.RECORDED, due.size() + " payments, " + total + " sat", "payer", now);
            return Optional.of(load(c, id).orElseThrow());
        });
    }

    /** Wallet batches not final yet (recorded, approved, signed, sent), oldest first. */
    public List<Batch> open() {
        return db.query(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM payout_batches WHERE kind = 'wallet'"
                    + " AND status IN ('recorded', 'approved', 'signed', 'sent') ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            List<Batch> out = new ArrayList<>();
            for (long id : ids) {
                out.add(load(c, id).orElseThrow());
            }
            return out;
        });
    }

    public Optional<Batch> find(long id) {
        return db.query(c -> load(c, id));
    }

    /** recorded → approved by an operator; false when the batch is not awaiting approval. */
    public boolean approve(long id, String by) {
        return transition(id, Status.RECORDED, Status.APPROVED, "approved", by);
    }

    /**
     * An unsigned batch is rejected by an operator: every line goes back to its user's balance.
     * False when the batch is signed already (its transaction may be on its way) or final.
     */
    public boolean reject(long id, String by) {
        return db.inTransaction(c -> {
            int changed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE payout_batches SET status = ?, updated_ms = ?"
                    + " WHERE id = ? AND kind = 'wallet' AND status IN ('recorded', 'approved')")) {
                ps.setString(1, Status.REJECTED.label());
                ps.setLong(2, clock.millis());
                ps.setLong(3, id);
                changed = ps.executeUpdate();
            }
            if (changed == 0) {
                return false;
            }
            restoreBalances(c, load(c, id).orElseThrow());
            audit(c, id, Status.REJECTED, "balances restored", by, clock.millis());
            return true;
        });
    }

    /**
     * A signed batch whose transaction can never confirm (checked by {@link BatchVoid}) is voided: every
     * line goes back to its user's balance, in the same database transaction as the status change, so
     * a later batch pays it. False when the batch is not signed (any more).
     */
    public boolean voided(long id, String detail, String by) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE payout_batches SET status = ?, updated_ms = ?"
                    + " WHERE id = ? AND kind = 'wallet' AND status = ?")) {
                ps.setString(1, Status.VOIDED.label());
                ps.setLong(2, clock.millis());
                ps.setLong(3, id);
                ps.setString(4, Status.SIGNED.label());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            restoreBalances(c, load(c, id).orElseThrow());
            audit(c, id, Status.VOIDED, detail + "; balances restored", by, clock.millis());
            return true;
        });
    }

    private void restoreBalances(Connection c, Batch batch) throws SQLException {
        for (int i = 0; i < batch.users().size(); i++) {
            long amount = batch.outputs().get(i).amount();
            Balances.add(c, batch.users().get(i), amount, -amount, 0, clock.millis());
        }
    }

    /** Stores the signed transaction of an unsigned batch; false when another caller changed it first. */
    public boolean signed(long id, Status from, Wallet.Signed tx) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE payout_batches SET status = ?, txid = ?, tx_hex = ?,"
                    + " fee = ?, updated_ms = ? WHERE id = ? AND status = ?")) {
                ps.setString(1, Status.SIGNED.label());
                ps.setString(2, tx.txid());
                ps.setString(3, tx.hex());
                ps.setLong(4, tx.fee());
                ps.setLong(5, clock.millis());
                ps.setLong(6, id);
                ps.setString(7, from.label());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            audit(c, id, Status.SIGNED, "txid " + tx.txid() + ", fee " + tx.fee() + " sat", "payer", clock.millis());
            return true;
        });
    }

    /** The wallet sees the batch's transaction with {@code confirmations}: sent, or confirmed at {@code required}. */
    public Status seen(Batch batch, long confirmations, int required) {
        Status next = confirmations >= required ? Status.CONFIRMED : Status.SENT;
        int depth = (int) Math.min(confirmations, Integer.MAX_VALUE);
        if (next == batch.status() && depth == batch.confirmations()) {
            return next;
        }
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE payout_batches SET status = ?, confirmations = ?,"
                    + " updated_ms = ? WHERE id = ? AND status = ?")) {
                ps.setString(1, next.label());
                ps.setInt(2, depth);
                ps.setLong(3, clock.millis());
                ps.setLong(4, batch.id());
                ps.setString(5, batch.status().label());
                ps.executeUpdate();
            }
            if (next != batch.status()) {
                audit(c, batch.id(), next, "txid " + batch.txid() + ", " + depth + " confirmations", "payer", clock.millis());
            }
            return null;
        });
        return next;
    }

    /** Satoshis owed and not yet on their way: positive balances plus batches without a transaction the wallet knows. */
    public long unpaidTotal() {
        return db.query(c -> sum(c, "SELECT COALESCE(SUM(balance), 0) FROM balances WHERE balance > 0")
                + sum(c, "SELECT COALESCE(SUM(total), 0) FROM payout_batches WHERE kind = 'wallet'"
                        + " AND status IN ('recorded', 'approved', 'signed')"));
    }

    /** When the oldest batch still signed or sent (not confirmed) was signed; empty when there is none. */
    public OptionalLong oldestUnconfirmedSignedMillis() {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(e.changed_ms) FROM payout_batches b"
                    + " JOIN payout_batch_events e ON e.batch_id = b.id AND e.status = 'signed'"
                    + " WHERE b.kind = 'wallet' AND b.status IN ('signed', 'sent')");
                    ResultSet rs = ps.executeQuery()) {
                long millis = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() || millis == 0 ? OptionalLong.empty() : OptionalLong.of(millis);
            }
        });
    }

    private static long sum(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    public boolean paused() {
        return flag(PAUSED, false);
    }

    public void setPaused(boolean paused, String by) {
        setFlag(PAUSED, paused, by);
    }

    /** True when new batches wait for an operator: the admin switch once used, else the configuration. */
    public boolean approvalRequired() {
        return flag(APPROVAL, approvalByDefault);
    }

    public void setApprovalRequired(boolean required, String by) {
        setFlag(APPROVAL, required, by);
    }

    private boolean flag(String name, boolean unset) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM accounting_state WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) != 0 : unset;
                }
            }
        });
    }

    private void setFlag(String name, boolean on, String by) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounting_state (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, name);
                ps.setLong(2, on ? 1 : 0);
                ps.executeUpdate();
            }
            audit(c, 0, null, name + " = " + on, by, clock.millis());
            return null;
        });
    }

    private boolean transition(long id, Status from, Status to, String detail, String by) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE payout_batches SET status = ?, updated_ms = ?"
                    + " WHERE id = ? AND kind = 'wallet' AND status = ?")) {
                ps.setString(1, to.label());
                ps.setLong(2, clock.millis());
                ps.setLong(3, id);
                ps.setString(4, from.label());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            audit(c, id, to, detail, by, clock.millis());
            return true;
        });
    }

    /** One audit row; batch 0 with a null status records a change of the payer's switches. */
    private static void audit(Connection c, long batch, Status status, String detail, String by, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO payout_batch_events (batch_id, status, detail,"
                + " changed_by, changed_ms) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, batch);
            ps.setString(2, status == null ? "setting" : status.label());
            ps.setString(3, detail.length() > 512 ? detail.substring(0, 512) : detail);
            ps.setString(4, by.length() > 128 ? by.substring(0, 128) : by);
            ps.setLong(5, now);
            ps.executeUpdate();
        }
    }

    private static Optional<Batch> load(Connection c, long id) throws SQLException {
        List<Wallet.Output> outputs = new ArrayList<>();
        List<String> users = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT user_name, address, amount FROM payouts WHERE batch_id = ?"
                + " ORDER BY user_name")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(rs.getString(1));
                    outputs.add(new Wallet.Output(rs.getString(2), rs.getLong(3)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT created_ms, total, status, txid, tx_hex, fee, confirmations"
                + " FROM payout_batches WHERE id = ? AND kind = 'wallet'")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long fee = rs.getLong(6);
                Long feeOrNull = rs.wasNull() ? null : fee;
                return Optional.of(new Batch(id, rs.getLong(1), rs.getLong(2), Status.of(rs.getString(3)), rs.getString(4),
                        rs.getString(5), feeOrNull, rs.getInt(7), List.copyOf(outputs), List.copyOf(users)));
            }
        }
    }
}
