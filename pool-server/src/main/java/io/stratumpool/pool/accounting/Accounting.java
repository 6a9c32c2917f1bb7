package io.stratumpool.pool.accounting;

import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.job.CoinbasePlan;
import io.stratumpool.pool.ledger.Database;
import io.stratumpool.validator.Hash256;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns confirmed blocks (and, for PPS, settled shares) into balances, and balances into payout
 * batches. Every step is one database transaction and idempotent, so a crash or a repeated call
 * never credits twice: a block is credited by the transaction that flips its {@code credited}
 * flag. Only CONFIRMED blocks are credited; FOUND, SUBMITTED and ACCEPTED wait for maturity, and
 * REJECTED or ORPHANED ones never pay. Run {@link #creditConfirmedBlocks} and, under PPS,
 * {@link #settlePps} periodically, off the event loops. Several processes may run these on one
 * PostgreSQL database (the cluster's accounting processes): each step takes the database's
 * bookkeeping lock ({@link Database#lockBookkeeping}), so they run one at a time.
 */
public final class Accounting {
    private static final Logger events = LoggerFactory.getLogger("event.block-credited");
    private static final String PPS_CURSOR = "pps_cursor";
    private static final int PPS_PAGE = 10_000;

    private static final Logger alerts = LoggerFactory.getLogger("event.coinbase-split-missing");
    private static final Logger reversed = LoggerFactory.getLogger("event.block-reversed");

    private final Database db;
    private final PayoutScheme scheme;
    private final Clock clock;
    private final boolean coinbasePayouts;
    private final java.util.Set<String> reportedMissing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Accounting(Database db, PayoutScheme scheme, Clock clock) {
        this(db, scheme, clock, false);
    }

    /**
     * @param coinbasePayouts true when jobs' coinbases pay the PPLNS window: then a block is credited
     *     only from its recorded split, never split again (its coinbase may already have paid)
     */
    public Accounting(Database db, PayoutScheme scheme, Clock clock, boolean coinbasePayouts) {
        this.db = db;
        this.scheme = scheme;
        this.clock = clock;
        this.coinbasePayouts = coinbasePayouts;
    }

    public PayoutScheme scheme() {
        return scheme;
    }

    /** Credits every confirmed block not credited yet; returns how many were credited now. */
    public int creditConfirmedBlocks() {
        List<String> hashes = db.query(c -> strings(c,
                "SELECT hash FROM blocks WHERE status = ? AND credited = FALSE ORDER BY found_ms",
                BlockStatus.CONFIRMED.name()));
        int credited = 0;
        for (String hash : hashes) {
            credited += creditBlock(Hash256.fromHexReversed(hash)) ? 1 : 0;
        }
        return credited;
    }

    /** Credits one block if it is CONFIRMED and not yet credited; false otherwise. */
    public boolean creditBlock(Hash256 hash) {
        return db.inTransaction(c -> {
            db.lockBookkeeping(c);
            if (coinbasePayouts && !CoinbasePayouts.recorded(c, hash.toHexReversed())) {
                if (reportedMissing.add(hash.toHexReversed())) {
                    alerts.error("block {} is confirmed but its coinbase split was never recorded (a crash right after"
                            + " it was found?): not credited, since its coinbase may have paid miners already; compare"
                            + " its coinbase with the window and credit by hand", hash);
                }
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE blocks SET credited = TRUE"
                    + " WHERE hash = ? AND status = ? AND credited = FALSE")) {
                ps.setString(1, hash.toHexReversed());
                ps.setString(2, BlockStatus.CONFIRMED.name());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            BlockRecord block = loadBlock(c, hash);
            List<CoinbasePlan.Allocation> planned = CoinbasePayouts.load(c, hash.toHexReversed());
            if (!planned.isEmpty()) {
                recordCoinbaseSplit(c, hash.toHexReversed(), planned);
                events.info("block {} at height {} credited from its coinbase split: {} users, {} sat paid in the coinbase,"
                        + " {} sat carried to balances", hash, block.height(), planned.size(), paid(planned, true),
                        paid(planned, false));
                return true;
            }
            Map<String, Long> split = scheme.splitBlock(block,
                    ShareHistory.newestFirst(c, ShareHistory.blockShareId(c, block)));
            record(c, hash.toHexReversed(), split);
            events.info("block {} at height {} credited: {} users, {} sat", hash, block.height(), split.size(),
                    split.values().stream().mapToLong(Long::longValue).sum());
            return true;
        });
    }

    /**
     * Stores the split a found block's coinbase carries (non-custodial PPLNS), so that crediting the
     * block records exactly what the coinbase paid; idempotent. Called when the block is found.
     */
    public void recordCoinbaseSplit(Hash256 block, CoinbasePlan plan) {
        db.inTransaction(c -> {
            CoinbasePayouts.store(c, block.toHexReversed(), plan, clock.millis());
            return null;
        });
    }

    /** The block's coinbase paid its PAID rows; every other row is carried to the user's balance. */
    private void recordCoinbaseSplit(Connection c, String source, List<CoinbasePlan.Allocation> planned) throws SQLException {
        long now = clock.millis();
        long paidTotal = paid(planned, true);
        long batch = paidTotal > 0 ? Balances.newBatch(c, "coinbase", paidTotal, "paid", now) : 0;
        for (CoinbasePlan.Allocation a : planned) {
            if (a.amount() == 0) {
                continue;
            }
            Balances.credit(c, source, a.user(), a.amount(), now);
            if (a.fate().paidInCoinbase()) {
                Balances.add(c, a.user(), 0, a.amount(), 0, now);
                Balances.payout(c, batch, a.user(), a.amount());
            } else {
                Balances.add(c, a.user(), a.amount(), 0, 0, now);
            }
        }
    }

    private static long paid(List<CoinbasePlan.Allocation> planned, boolean inCoinbase) {
        return planned.stream().filter(a -> a.fate().paidInCoinbase() == inCoinbase)
                .mapToLong(CoinbasePlan.Allocation::amount).sum();
    }

    /**
     * The PPLNS window now, counted back from the newest share: counted difficulty per user, for
     * the coinbase split of new jobs. Empty unless the scheme is PPLNS.
     */
    public Map<String, Double> pplnsWindow(double networkDifficulty) {
        if (!(scheme instanceof PplnsScheme) || !(networkDifficulty > 0) || Double.isInfinite(networkDifficulty)) {
            return Map.of();
        }
        double window = scheme.windowDifficulty(networkDifficulty);
        return db.query(c -> PplnsScheme.weights(window, ShareHistory.newestFirst(c, ShareHistory.maxShareId(c))));
    }

    private void record(Connection c, String source, Map<String, Long> split) throws SQLException {
        long now = clock.millis();
        long total = 0;
        for (Map.Entry<String, Long> e : split.entrySet()) {
            Balances.credit(c, source, e.getKey(), e.getValue(), now);
            total += e.getValue();
        }
        if (!scheme.paidInCoinbase()) {
            for (Map.Entry<String, Long> e : split.entrySet()) {
                Balances.add(c, e.getKey(), e.getValue(), 0, 0, now);
            }
            return;
        }
        long batch = Balances.newBatch(c, "coinbase", total, "paid", now);
        for (Map.Entry<String, Long> e : split.entrySet()) {
            Balances.add(c, e.getKey(), 0, e.getValue(), 0, now);
            Balances.payout(c, batch, e.getKey(), e.getValue());
        }
    }

    /**
     * PPS: credits the value of every share stored since the last settlement, carrying each
     * user's fraction of a satoshi to the next one. Returns the number of shares settled.
     */
    public int settlePps() {
        if (!(scheme instanceof PpsScheme pps)) {
            return 0;
        }
        return db.inTransaction(c -> {
            db.lockBookkeeping(c);
            db.lockShareOrder(c); // no share id below the ones read may commit after this settlement
            return PpsSettlement.settle(c, pps, cursor(c), PPS_PAGE, clock.millis(), last -> setCursor(c, last));
        });
    }

    /** The id of the last share PPS has credited (0: none). */
    public long ppsCursor() {
        return db.query(Accounting::cursor);
    }

    private static long cursor(Connection c) throws SQLException {
        return ShareHistory.singleLong(c, "SELECT value FROM accounting_state WHERE name = ?", PPS_CURSOR);
    }

    private static void setCursor(Connection c, long last) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounting_state (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, PPS_CURSOR);
            ps.setLong(2, last);
            ps.executeUpdate();
        }
    }

    /**
     * Moves every balance of at least {@code minimum} satoshis into a new payout batch (status
     * {@code recorded}: to be sent by the operator or a wallet integration). Empty when none qualifies.
     */
    public Optional<Long> recordPayouts(long minimum) {
        return db.inTransaction(c -> {
            db.lockBookkeeping(c);
            List<Object[]> due = Balances.due(c, minimum);
            if (due.isEmpty()) {
                return Optional.empty();
            }
            long now = clock.millis();
            long total = due.stream().mapToLong(r -> (long) r[1]).sum();
            long batch = Balances.newBatch(c, "wallet", total, "recorded", now);
            for (Object[] row : due) {
                Balances.payout(c, batch, (String) row[0], (long) row[1]);
                Balances.add(c, (String) row[0], -(long) row[1], (long) row[1], 0, now);
            }
            return Optional.of(batch);
        });
    }

    /** A credited block: its hash (display order) and height. */
    public record CreditedBlock(String hash, long height) {
    }

    /** Credited blocks at or above {@code minHeight}: the ones a reorganisation could still take back. */
    public List<CreditedBlock> creditedBlocksFrom(long minHeight) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT hash, height FROM blocks WHERE credited = TRUE"
                    + " AND status = ? AND height >= ? ORDER BY height")) {
                ps.setString(1, BlockStatus.CONFIRMED.name());
                ps.setLong(2, minHeight);
                List<CreditedBlock> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CreditedBlock(rs.getString(1), rs.getLong(2)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * A credited block left the main chain: it becomes ORPHANED and every credit it made is taken
     * back in the same transaction (balance, or the coinbase payment that vanished with it), with a
     * negative credit row {@code reorg:<hash>} as the record. A balance already paid goes negative
     * and later credits fill it first. False when the block was not a credited CONFIRMED block.
     */
    public boolean reverseBlock(String hashHex, String reason) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE blocks SET status = ?, reason = ?, confirmations = 0,"
                    + " updated_ms = ? WHERE hash = ? AND status = ? AND credited = TRUE")) {
                ps.setString(1, BlockStatus.ORPHANED.name());
                ps.setString(2, reason.length() > 512 ? reason.substring(0, 512) : reason);
                ps.setLong(3, clock.millis());
                ps.setString(4, hashHex);
                ps.setString(5, BlockStatus.CONFIRMED.name());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            Map<String, Boolean> paidInCoinbase = new java.util.HashMap<>();
            for (CoinbasePlan.Allocation a : CoinbasePayouts.load(c, hashHex)) {
                paidInCoinbase.put(a.user(), a.fate().paidInCoinbase());
            }
            long now = clock.millis();
            long total = 0;
            List<Object[]> credits = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT user_name, amount FROM credits WHERE block_hash = ?")) {
                ps.setString(1, hashHex);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        credits.add(new Object[] {rs.getString(1), rs.getLong(2)});
                    }
                }
            }
            for (Object[] credit : credits) {
                String user = (String) credit[0];
                long amount = (long) credit[1];
                boolean coinbase = paidInCoinbase.getOrDefault(user, false) || scheme.paidInCoinbase();
                Balances.add(c, user, coinbase ? 0 : -amount, coinbase ? -amount : 0, 0, now);
                Balances.credit(c, "reorg:" + hashHex, user, -amount, now);
                total += amount;
            }
            reversed.warn("block {} left the main chain after it was credited ({}): {} credits, {} sat taken back",
                    hashHex, reason, credits.size(), total);
            return true;
        });
    }

    static BlockRecord loadBlockRecord(Connection c, String hashHex) throws SQLException {
        return loadBlock(c, Hash256.fromHexReversed(hashHex));
    }

    /** The fields a payout needs; the rest of the record is not read. */
    private static BlockRecord loadBlock(Connection c, Hash256 hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT height, user_name, network_difficulty, reward,"
                + " found_ms FROM blocks WHERE hash = ?")) {
            ps.setString(1, hash.toHexReversed());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                var found = java.time.Instant.ofEpochMilli(rs.getLong(5));
                return new BlockRecord(hash, rs.getLong(1), Hash256.ZERO, rs.getString(2), "", 0, rs.getDouble(3),
                        rs.getLong(4), BlockStatus.CONFIRMED, null, 0, found, found);
            }
        }
    }

    static List<String> strings(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
