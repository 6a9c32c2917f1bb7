package io.stratumpool.pool.node;

import io.stratumpool.validator.Block;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Transaction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the chain paid and what the pool's ledger says it paid, read independently: the chain from
 * the node's raw blocks (parsed by the pool's own block parser, outputs matched by script), the
 * ledger straight from its SQLite file.
 */
public final class WalletAudit {
    /**
     * The pool settings every wallet-payout process test shares: PPS at a fixed regtest difficulty,
     * paying through the bcoin wallet at {@code node} (blocks checked at {@code nodeUrl}) from
     * {@code minimum} satoshis, one confirmation. Mutable: a test adds its own.
     */
    static Map<String, String> poolSettings(BcoinNode node, String wallet, String nodeUrl, long minimum) {
        Map<String, String> s = new HashMap<>();
        s.put("pool.network", RegtestPayouts.NETWORK.name());
        s.put("pool.address", wallet);
        s.put("stratum.ports[0].minDifficulty", "0.0000005");
        s.put("stratum.ports[0].initialDifficulty", "0.0000005");
        s.put("stratum.ports[0].maxDifficulty", "0.0000005");
        s.put("stratum.ports[0].vardiff", "false");
        s.put("payout.scheme", "pps");
        s.put("payout.fee", "0.01");
        s.put("payout.minimumPayout", String.valueOf(minimum));
        s.put("payout.wallet.enabled", "true");
        s.put("payout.wallet.kind", "bcoin");
        s.put("payout.wallet.url", node.walletUrl());
        s.put("payout.wallet.nodeUrl", nodeUrl);
        s.put("payout.wallet.password", BcoinNode.API_KEY);
        s.put("payout.wallet.feeRate", "2");
        s.put("payout.wallet.confirmations", "1");
        return s;
    }

    /** The settings as the packaged jar's {@code --set key=value} arguments. */
    static List<String> asArgs(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }

    private WalletAudit() {
    }

    /** Outputs of non-coinbase transactions in the main chain from {@code fromHeight} to the tip that pay a watched script. */
    public record ChainPayment(String txid, long height, String scriptHex, long value) {
    }

    /** Every payment to one of {@code scriptsHex} in blocks {@code fromHeight}..tip. */
    public static List<ChainPayment> chainPayments(BcoinNode node, long fromHeight, java.util.Set<String> scriptsHex) {
        return chainPayments(node, fromHeight, scriptsHex, false);
    }

    /** As above; with {@code coinbases}, coinbase outputs count too (non-custodial payouts). */
    public static List<ChainPayment> chainPayments(BcoinNode node, long fromHeight, java.util.Set<String> scriptsHex,
            boolean coinbases) {
        List<ChainPayment> out = new ArrayList<>();
        long tip = node.getBlockCount();
        for (long h = fromHeight; h <= tip; h++) {
            Block block = Block.parse(node.getBlockBytes(node.getBlockHash(h)));
            for (Transaction tx : block.transactions()) {
                if (tx.isCoinbase() && !coinbases) {
                    continue;
                }
                for (Transaction.Output o : tx.outputs()) {
                    String script = Hex.encode(o.script());
                    if (scriptsHex.contains(script)) {
                        out.add(new ChainPayment(tx.txid().toHexReversed(), h, script, o.value()));
                    }
                }
            }
        }
        return out;
    }

    /** Sum per script of those payments. */
    public static Map<String, Long> sumByScript(List<ChainPayment> payments) {
        Map<String, Long> out = new HashMap<>();
        payments.forEach(p -> out.merge(p.scriptHex(), p.value(), Long::sum));
        return out;
    }

    /** The rows of a query against the pool's SQLite ledger, every column as text. */
    public static List<List<String>> query(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    /** A user → number map from a two-column query. */
    public static Map<String, Long> sums(String jdbcUrl, String sql) {
        Map<String, Long> out = new HashMap<>();
        for (List<String> row : query(jdbcUrl, sql)) {
            out.put(row.get(0), Long.parseLong(row.get(1)));
        }
        return out;
    }

    /** What the ledger says each user was sent by the wallet (batches sent or confirmed). */
    public static Map<String, Long> walletPaid(String jdbcUrl) {
        return sums(jdbcUrl, "SELECT p.user_name, SUM(p.amount) FROM payouts p JOIN payout_batches b ON b.id = p.batch_id"
                + " WHERE b.kind = 'wallet' AND b.status IN ('sent', 'confirmed') GROUP BY p.user_name");
    }

    /** Everything credited to each user (block credits, PPS settlements, reversals). */
    public static Map<String, Long> credited(String jdbcUrl) {
        return sums(jdbcUrl, "SELECT user_name, SUM(amount) FROM credits GROUP BY user_name");
    }

    public static Map<String, Long> balances(String jdbcUrl) {
        return sums(jdbcUrl, "SELECT user_name, balance FROM balances");
    }
}
