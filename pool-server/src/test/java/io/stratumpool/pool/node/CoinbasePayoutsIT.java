package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.node.RegtestPayouts.Payout;
import io.stratumpool.sim.FirmwareProfile;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Block;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.Transaction;
import io.stratumpool.validator.address.Address;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Non-custodial PPLNS against a real bcoin regtest node: simulated miners whose user names are
 * addresses of every type (P2WPKH, P2WSH, P2TR, P2PKH, P2SH) and one account without an address
 * mine through the pool with coinbase payouts. For every block the node accepted, its coinbase as
 * the node serves it ({@code getblock} with details) pays each address exactly
 * floor((reward − fee) × weight / total weight) of the split the pool recorded (computed exactly
 * here from the recorded weights), the pool the rest,
 * the witness commitment, nothing else. Miners on a second port with a 250-byte coinbase budget
 * (below NiceHash's) get coinbases that fit it, and the addresses that do not fit are carried; the
 * account without an address is always carried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CoinbasePayoutsIT {
    private static final double FEE = 0.01;
    private static final int SMALL_BUDGET = 250;
    private static final int BLOCKS = 30;
    private static final int SMALL_PORT_BLOCKS = 4;
    private static final Payout POOL = RegtestPayouts.p2wpkh("coinbase-payouts-pool");
    /** Port 0 (the default 900-byte budget). */
    private static final List<Payout> WIDE_PORT = List.of(RegtestPayouts.p2wpkh("cb-wpkh"), RegtestPayouts.p2wsh("cb-wsh"),
            RegtestPayouts.p2pkh("cb-pkh"));
    /** Port 1, 250 bytes: room for two payout outputs beside the pool's. */
    private static final List<Payout> SMALL_PORT = List.of(RegtestPayouts.p2tr("cb-tr"), RegtestPayouts.p2sh("cb-sh"));
    private static final String NO_ADDRESS = "carol";
    /** Confirmations before a block is credited: small here, so the test sees accounting credit the splits. */
    private static final int CONFIRMATIONS = 3;
    private BcoinNode node;

    @BeforeAll
    void startNode() throws Exception {
        node = BcoinNode.start("coinbase-payouts");
        node.generateToAddress(ChainAudit.SEGWIT_HEIGHT - 1, RegtestPayouts.p2wpkh("warm-up").address());
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyAcceptedBlockPaysEachAddressExactlyItsSplitWithinThePortsByteBudget() throws Exception {
        long before = node.getBlockCount();
        Map<String, String> config = Map.of(
                "payout.scheme", "pplns",
                "payout.fee", String.valueOf(FEE),
                "payout.pplnsFactor", "100",
                "payout.coinbase.enabled", "true",
                "payout.coinbase.windowRefreshSeconds", "0.2",
                "node.confirmations.required", String.valueOf(CONFIRMATIONS),
                "stratum.ports[1].port", "0",
                "stratum.ports[1].coinbaseMaxBytes", String.valueOf(SMALL_BUDGET));
        try (NodePool p = NodePool.start(node, POOL.address(), config)) {
            List<String> users = new ArrayList<>();
            WIDE_PORT.forEach(a -> users.add(a.address()));
            users.add(NO_ADDRESS);
            SMALL_PORT.forEach(a -> users.add(a.address()));
            Fleet fleet = Fleet.start(p.sims, users.size(), i -> miner(p, i, users.get(i)));
            try {
                assertTrue(fleet.awaitAllMining(Duration.ofSeconds(20)), () -> "miners: " + fleet.miners());
                // Enough blocks, and some from the small-budget port (its two miners find about a third).
                Waits.until(() -> BLOCKS + " blocks, " + SMALL_PORT_BLOCKS + " from the small-budget port; miners: "
                        + fleet.miners().stream().map(m -> m + " " + m.counters()).toList(), Duration.ofSeconds(90),
                        // Counted once the node took them: a sibling candidate (held back) pays nothing.
                        () -> node.getBlockCount() - before >= BLOCKS && p.blocks(NodePool.IN_CHAIN).stream()
                                .filter(b -> isSmallPort(b.user())).count() >= SMALL_PORT_BLOCKS);
            } finally {
                fleet.stop();
            }
            p.awaitSettled();
            List<BlockRecord> accepted = ChainAudit.assertRecordsMatchChain(p, before);
            assertEquals(List.of(), p.blocks(EnumSet.of(BlockStatus.REJECTED)), "no block the node refused");
            Map<String, List<Row>> splits = splits(p);
            Set<String> smallPortUsers = SMALL_PORT.stream().map(Payout::address).collect(Collectors.toSet());
            int split = 0;
            int small = 0;
            int carriedForBudget = 0;
            for (BlockRecord b : accepted) {
                List<Row> rows = splits.getOrDefault(b.hash().toHexReversed(), List.of());
                boolean smallPort = smallPortUsers.contains(b.user());
                Transaction coinbase = assertCoinbasePaysTheSplit(b, rows, smallPort ? SMALL_BUDGET : 900);
                split += rows.isEmpty() ? 0 : 1;
                if (smallPort) {
                    small++;
                    assertTrue(coinbase.serializedWithoutWitness().length <= SMALL_BUDGET, () -> "coinbase of " + b);
                    carriedForBudget += rows.stream().anyMatch(r -> r.fate.equals("OVER_BUDGET")) ? 1 : 0;
                }
                rows.stream().filter(r -> r.user.equals(NO_ADDRESS))
                        .forEach(r -> assertEquals("NO_ADDRESS", r.fate, () -> "carol at " + b));
            }
            assertTrue(split >= BLOCKS / 2, "blocks with a split: " + split + " of " + accepted.size());
            assertTrue(small > 0 && carriedForBudget > 0,
                    "blocks from the small-budget port: " + small + ", with outputs carried: " + carriedForBudget);
            assertAccountingCreditsWhatTheCoinbasesPaidAndCarried(p, accepted, splits);
            System.out.printf("[coinbase-payouts] %d blocks accepted, %d with a split, %d from the %d-byte port"
                    + " (%d carrying outputs over budget)%n", accepted.size(), split, small, SMALL_BUDGET, carriedForBudget);
        }
    }

    /**
     * Once the blocks are confirmed, accounting credits each block exactly its split (no new split):
     * PAID amounts are recorded as paid in the coinbase, carried ones (over budget, no address) as
     * balances; blocks that lost their race credit nothing.
     */
    private void assertAccountingCreditsWhatTheCoinbasesPaidAndCarried(NodePool p, List<BlockRecord> accepted,
            Map<String, List<Row>> splits) throws Exception {
        node.generateToAddress(CONFIRMATIONS, RegtestPayouts.p2wpkh("warm-up").address());
        Set<String> inChain = accepted.stream().map(b -> b.hash().toHexReversed()).collect(Collectors.toSet());
        Waits.until(() -> "every accepted block credited: " + query(p, "SELECT hash, status, credited FROM blocks"),
                Duration.ofSeconds(30), () -> query(p, "SELECT hash FROM blocks WHERE credited = TRUE").stream()
                        .map(r -> r.get(0)).collect(Collectors.toSet()).containsAll(inChain));
        Map<String, Long> paid = new HashMap<>();
        Map<String, Long> carried = new HashMap<>();
        for (List<String> credit : query(p, "SELECT block_hash, user_name, amount FROM credits")) {
            String block = credit.get(0);
            assertTrue(inChain.contains(block), () -> "a credit for a block not in the chain: " + credit);
            List<Row> rows = splits.get(block);
            if (rows == null) {
                carried.merge(credit.get(1), Long.parseLong(credit.get(2)), Long::sum); // empty window: all to balances
                continue;
            }
            Row row = rows.stream().filter(r -> r.user.equals(credit.get(1))).findFirst()
                    .orElseThrow(() -> new AssertionError("credited but not in the split: " + credit));
            assertEquals(row.amount, Long.parseLong(credit.get(2)), () -> "credit of " + row);
            (row.fate.equals("PAID") ? paid : carried).merge(row.user, row.amount, Long::sum);
        }
        for (String block : inChain) {
            long rows = splits.getOrDefault(block, List.of()).stream().filter(r -> r.amount > 0).count();
            long credits = query(p, "SELECT user_name FROM credits WHERE block_hash = '" + block + "'").size();
            assertEquals(rows, splits.containsKey(block) ? credits : rows, () -> "credits of " + block);
        }
        for (List<String> balance : query(p, "SELECT user_name, balance, paid FROM balances")) {
            String user = balance.get(0);
            assertEquals(carried.getOrDefault(user, 0L), Long.parseLong(balance.get(1)), () -> "balance of " + user);
            assertEquals(paid.getOrDefault(user, 0L), Long.parseLong(balance.get(2)), () -> "paid in coinbases to " + user);
        }
        assertTrue(carried.getOrDefault(NO_ADDRESS, 0L) > 0, () -> "carol's carried balance: " + carried);
    }

    private static List<List<String>> query(NodePool p, String sql) {
        try (Connection c = DriverManager.getConnection(p.ledgerJdbcUrl());
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
        } catch (java.sql.SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSmallPort(String user) {
        return SMALL_PORT.stream().anyMatch(a -> a.address().equals(user));
    }

    private static MinerOptions miner(NodePool p, int index, String user) {
        boolean smallPort = isSmallPort(user);
        FirmwareProfile profile = smallPort ? FirmwareProfile.NICEHASH : Fleet.mixedProfile(index);
        return MinerOptions.builder("127.0.0.1", p.pool.stratumPort(smallPort ? 1 : 0)).profile(profile).user(user)
                .name("rig" + index).hashrate(1.5).build();
    }

    /** The split the pool recorded for a block: one row per user in the window. */
    private record Row(String user, String address, double weight, long amount, String fate) {
    }

    /**
     * The coinbase the node serves pays every PAID row's address exactly its amount, which is
     * floor((reward − floor(reward × fee)) × weight / total), the pool output the rest, then the
     * witness commitment; the raw block and bcoin's JSON view agree.
     */
    private Transaction assertCoinbasePaysTheSplit(BlockRecord b, List<Row> rows, int budget) {
        String hash = b.hash().toHexReversed();
        Block block = Block.parse(node.getBlockBytes(hash));
        Transaction coinbase = block.transactions().get(0);
        JsonNode json = node.rpc("getblock", hash, true, true).path("tx").path(0).path("vout");
        long reward = 0;
        for (Transaction.Output o : coinbase.outputs()) {
            reward += o.value();
        }
        assertEquals(b.reward(), reward, "the coinbase pays exactly the template's coinbase value");
        assertTrue(coinbase.serializedWithoutWitness().length <= budget, () -> "coinbase bytes within " + budget + " at " + b);
        long distributable = reward - BigDecimal.valueOf(reward).multiply(BigDecimal.valueOf(FEE))
                .setScale(0, RoundingMode.FLOOR).longValueExact();
        // the exact sum of the recorded weights: a double sum would depend on the order of addition
        BigDecimal total = rows.stream().map(r -> new BigDecimal(r.weight)).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<Row> paid = rows.stream().filter(r -> r.fate.equals("PAID")).toList();
        assertEquals(paid.size() + 2, coinbase.outputs().size(), () -> "outputs of " + b + ": " + rows);
        long toUsers = 0;
        for (int i = 0; i < paid.size(); i++) {
            Row r = paid.get(i);
            long expected = BigDecimal.valueOf(distributable).multiply(new BigDecimal(r.weight))
                    .divide(total, 0, RoundingMode.FLOOR).longValueExact();
            assertEquals(expected, r.amount, () -> "recorded amount of " + r);
            Transaction.Output out = coinbase.outputs().get(i);
            assertArrayEquals(Address.parse(r.address, RegtestPayouts.NETWORK).outputScript(), out.script(), r::toString);
            assertEquals(expected, out.value(), () -> r + " at height " + b.height());
            assertEquals(expected, satoshis(json.path(i).path("value")), () -> "bcoin's view of " + r);
            assertEquals(Hex.encode(out.script()), json.path(i).path("scriptPubKey").path("hex").asText());
            toUsers += expected;
        }
        Transaction.Output pool = coinbase.outputs().get(paid.size());
        assertArrayEquals(POOL.script(), pool.script(), "the pool output follows the users'");
        assertEquals(reward - toUsers, pool.value(), "the pool gets the fee, the rounding and every carried amount");
        assertEquals(reward - toUsers, satoshis(json.path(paid.size()).path("value")));
        assertNotNull(Merkle.findWitnessCommitment(coinbase.outputs()), "witness commitment");
        return coinbase;
    }

    /** bcoin prints BTC amounts with 8 decimals; doubles hold them exactly enough to round back. */
    private static long satoshis(JsonNode btc) {
        assertTrue(btc.isNumber(), btc::toString);
        return new BigDecimal(btc.asText()).movePointRight(8).longValueExact();
    }

    private static Map<String, List<Row>> splits(NodePool p) throws Exception {
        Map<String, List<Row>> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(p.ledgerJdbcUrl());
                PreparedStatement ps = c.prepareStatement("SELECT block_hash, user_name, address, weight, amount, fate"
                        + " FROM coinbase_payouts ORDER BY block_hash, amount DESC, user_name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Row(rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getLong(5), rs.getString(6)));
            }
        }
        return out;
    }
}
