package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.node.RegtestPayouts.Payout;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Hex;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
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
import org.slf4j.LoggerFactory;

/**
 * Wallet payouts against a real bcoin regtest node and its wallet: the pool's coinbases pay an
 * address of that wallet (PPLNS, coinbase payouts off), blocks mature, balances are credited, and
 * the payer sends them through the wallet. What the chain holds (every non-coinbase output to a
 * miner's script, read from raw blocks) must equal, per address, exactly what the ledger credited;
 * a block credited and then orphaned by a deeper reorganisation pays nothing; a wallet that cannot
 * pay says why in one event and a metric, and loses nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WalletPayoutsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "wallet-payouts-it-token";
    private static final List<Payout> MINERS = List.of(RegtestPayouts.p2wpkh("wallet-wpkh"),
            RegtestPayouts.p2wsh("wallet-wsh"), RegtestPayouts.p2tr("wallet-tr"), RegtestPayouts.p2pkh("wallet-pkh"),
            RegtestPayouts.p2sh("wallet-sh"));
    private static final String NO_ADDRESS = "dave";
    private final HttpClient http = HttpClient.newHttpClient();
    private BcoinNode node;
    private String walletAddress;

    @BeforeAll
    void startNodeAndFundItsWallet() throws Exception {
        node = BcoinNode.startWithWallet("wallet-payouts");
        walletAddress = node.newWalletAddress();
        // Past segwit activation; the wallet owns every coinbase, the first few hundred of them mature.
        node.generateToAddress(ChainAudit.SEGWIT_HEIGHT - 1, walletAddress);
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private Map<String, String> walletSettings(String walletId, Double feeRate, double intervalSeconds) {
        Map<String, String> s = new HashMap<>(Map.of(
                "payout.scheme", "pplns",
                "payout.fee", "0.01",
                "payout.pplnsFactor", "100",
                "payout.minimumPayout", "100000",
                "payout.wallet.enabled", "true",
                "payout.wallet.kind", "bcoin",
                "payout.wallet.url", node.walletUrl(),
                "payout.wallet.nodeUrl", node.rpcUrl(),
                "payout.wallet.password", BcoinNode.API_KEY,
                "payout.wallet.walletId", walletId));
        s.put("payout.wallet.intervalSeconds", String.valueOf(intervalSeconds));
        s.put("payout.wallet.confirmations", "2");
        s.put("admin.enabled", "true");
        s.put("admin.port", "0");
        s.put("admin.token", TOKEN);
        if (feeRate != null) {
            s.put("payout.wallet.feeRate", String.valueOf(feeRate));
        }
        return s;
    }

    @Test
    void everyAddressReceivesExactlyItsMatureBalanceOnChain() throws Exception {
        long before = node.getBlockCount();
        try (NodePool p = NodePool.start(node, walletAddress, walletSettings("primary", 2.0, 0.5))) {
            List<String> users = new ArrayList<>(MINERS.stream().map(Payout::address).toList());
            users.add(NO_ADDRESS);
            mine(p, users, 8);
            long minedTo = node.getBlockCount();
            // 100 confirmations: the blocks mature, accounting credits them, the payer pays them.
            node.generateToAddress(100, walletAddress);
            List<BlockRecord> ours = p.blocks(NodePool.IN_CHAIN);
            String db = p.ledgerJdbcUrl();
            Waits.until(() -> "every block credited: " + WalletAudit.query(db, "SELECT height, status, credited FROM blocks"),
                    Duration.ofSeconds(60), () -> WalletAudit.query(db, "SELECT hash FROM blocks WHERE credited = FALSE"
                            + " AND status IN ('ACCEPTED', 'CONFIRMED')").isEmpty());
            Set<String> paidUsers = MINERS.stream().map(Payout::address).collect(Collectors.toSet());
            Waits.until(() -> "balances of address users sent: " + WalletAudit.query(db, "SELECT id, status, txid FROM"
                    + " payout_batches") + " " + WalletAudit.balances(db), Duration.ofSeconds(60),
                    () -> WalletAudit.query(db, "SELECT id FROM payout_batches WHERE kind = 'wallet' AND status NOT IN"
                            + " ('sent', 'confirmed')").isEmpty() && paidUsers.stream()
                            .allMatch(u -> WalletAudit.balances(db).getOrDefault(u, -1L) == 0));
            node.generateToAddress(2, walletAddress);
            Waits.until(() -> "batches confirmed: " + WalletAudit.query(db, "SELECT id, status, confirmations FROM"
                    + " payout_batches"), Duration.ofSeconds(30), () -> WalletAudit.query(db, "SELECT id FROM"
                    + " payout_batches WHERE kind = 'wallet' AND status <> 'confirmed'").isEmpty());

            Map<String, Long> credited = WalletAudit.credited(db);
            Map<String, Long> ledgerPaid = WalletAudit.walletPaid(db);
            Map<String, String> scripts = new HashMap<>();
            MINERS.forEach(m -> scripts.put(Hex.encode(m.script()), m.address()));
            List<WalletAudit.ChainPayment> onChain = WalletAudit.chainPayments(node, before + 1, scripts.keySet());
            Map<String, Long> chainPaid = new HashMap<>();
            WalletAudit.sumByScript(onChain).forEach((script, sum) -> chainPaid.put(scripts.get(script), sum));
            for (Payout m : MINERS) {
                long c = credited.getOrDefault(m.address(), 0L);
                assertTrue(c > 0, () -> m + " was credited nothing: " + credited);
                assertEquals(c, ledgerPaid.getOrDefault(m.address(), 0L), () -> "ledger's payments to " + m);
                assertEquals(c, chainPaid.getOrDefault(m.address(), 0L), () -> "chain's payments to " + m + ": " + onChain);
            }
            List<List<String>> batches = WalletAudit.query(db, "SELECT id, txid, total FROM payout_batches"
                    + " WHERE kind = 'wallet'");
            Set<String> txids = onChain.stream().map(WalletAudit.ChainPayment::txid).collect(Collectors.toSet());
            assertEquals(batches.stream().map(b -> b.get(1)).collect(Collectors.toSet()), txids,
                    "exactly the batches' transactions pay the miners, each once");
            assertEquals(batches.size(), txids.size());
            assertEquals(0L, WalletAudit.query(db, "SELECT COUNT(*) FROM payouts WHERE user_name = '" + NO_ADDRESS + "'")
                    .stream().mapToLong(r -> Long.parseLong(r.get(0))).sum(), "dave has no address: never in a batch");
            long daveBalance = WalletAudit.balances(db).get(NO_ADDRESS);
            assertEquals(credited.get(NO_ADDRESS), daveBalance, "dave keeps all he was credited");
            assertTrue(daveBalance > 0);
            assertApiShowsTxidAndConfirmations(p, txids);
            Waits.until(() -> "unpaid gauge = dave's balance: " + scrape(p, "pool_payout_unpaid_satoshis"),
                    Duration.ofSeconds(10), () -> scrape(p, "pool_payout_unpaid_satoshis") == daveBalance);
            System.out.printf("[wallet-payouts] %d blocks of ours (heights %d..%d), %d batches, %s paid on chain%n",
                    ours.size(), before + 1, minedTo, batches.size(), chainPaid);
        }
    }

    @Test
    void aCreditedBlockOrphanedByADeeperReorgPaysNothing() throws Exception {
        Payout victim = RegtestPayouts.p2wpkh("reorg-victim");
        Map<String, String> settings = walletSettings("primary", 2.0, 3600); // one round at start, then only on demand
        settings.put("node.confirmations.required", "3");
        try (NodePool p = NodePool.start(node, walletAddress, settings)) {
            long before = node.getBlockCount();
            mine(p, List.of(victim.address()), 2);
            node.generateToAddress(3, walletAddress);
            String db = p.ledgerJdbcUrl();
            Waits.until(() -> "the victim's blocks credited: " + WalletAudit.query(db, "SELECT height, status, credited"
                    + " FROM blocks"), Duration.ofSeconds(30), () -> WalletAudit.query(db, "SELECT hash FROM blocks"
                    + " WHERE credited = FALSE AND status IN ('ACCEPTED', 'CONFIRMED')").isEmpty());
            long creditedBefore = WalletAudit.credited(db).get(victim.address());
            assertTrue(creditedBefore > 0);
            assertEquals(creditedBefore, WalletAudit.balances(db).get(victim.address()), "credited, not paid yet");

            BlockRecord lowest = p.blocks(EnumSet.of(BlockStatus.CONFIRMED)).stream()
                    .min(Comparator.comparingLong(BlockRecord::height)).orElseThrow();
            long oldTip = node.getBlockCount();
            node.rpc("invalidateblock", lowest.hash().toHexReversed());
            node.generateToAddress((int) (oldTip - lowest.height() + 2), walletAddress); // a longer chain without it
            assertFalse(lowest.hash().equals(p.chainHash(lowest.height())), "the reorganisation happened");

            String outcome = admin(p, "POST", "payouts/run", "{\"by\":\"it\"}").path("outcome").asText();
            assertTrue(outcome.contains("reconciled"), outcome);
            assertEquals(0L, WalletAudit.credited(db).get(victim.address()), "every credit reversed");
            assertEquals(0L, WalletAudit.balances(db).get(victim.address()));
            assertEquals(List.of(), WalletAudit.query(db, "SELECT batch_id FROM payouts WHERE user_name = '"
                    + victim.address() + "'"), "the victim is in no batch");
            assertEquals(List.of(), WalletAudit.chainPayments(node, before + 1, Set.of(Hex.encode(victim.script()))),
                    "nothing paid on chain");
            assertTrue(p.blocks(EnumSet.of(BlockStatus.CONFIRMED)).isEmpty(), () -> "blocks: " + p.blocks());
        }
    }

    /**
     * Non-custodial PPLNS with one payout output per coinbase and a high dust limit: every other
     * address, and any smaller share of a reward, is carried as a balance, which the wallet pays, but only once an operator approves the batch; a rejected batch
     * gives the balances back, a paused payer records nothing. In the end each address has received on
     * chain (its coinbase outputs plus the wallet's payments) exactly what it was credited.
     */
    @Test
    void coinbaseCarryOverIsPaidByTheWalletOnceAnOperatorApproves() throws Exception {
        List<Payout> miners = List.of(RegtestPayouts.p2wpkh("carry-wpkh"), RegtestPayouts.p2tr("carry-tr"),
                RegtestPayouts.p2pkh("carry-pkh"));
        Map<String, String> settings = walletSettings("primary", 2.0, 3600);
        settings.put("node.confirmations.required", "3");
        settings.put("payout.coinbase.enabled", "true");
        settings.put("payout.coinbase.maxOutputs", "1");
        settings.put("payout.coinbase.dust", "600000000"); // 6 BTC of a 12.5 BTC reward: shared amounts are carried
        settings.put("payout.coinbase.windowRefreshSeconds", "0.2");
        settings.put("payout.wallet.approval", "true");
        try (NodePool p = NodePool.start(node, walletAddress, settings)) {
            long before = node.getBlockCount();
            mine(p, miners.stream().map(Payout::address).toList(), 4);
            node.generateToAddress(3, walletAddress);
            String db = p.ledgerJdbcUrl();
            Waits.until(() -> "blocks credited: " + WalletAudit.query(db, "SELECT height, status, credited FROM blocks"),
                    Duration.ofSeconds(30), () -> WalletAudit.query(db, "SELECT hash FROM blocks WHERE credited = FALSE"
                            + " AND status IN ('ACCEPTED', 'CONFIRMED')").isEmpty());

            JsonNode first = awaitOneOpenBatch(p, "recorded");
            assertTrue(first.path("total").asLong() > 0, "carried balances (over the one-output budget, or an empty window)");
            long batch = first.path("id").asLong();
            admin(p, "POST", "payouts/run", "{\"by\":\"it\"}");
            assertEquals("recorded", admin(p, "GET", "payouts", "").path("open").path(0).path("status").asText(),
                    "without approval the batch is not signed");
            assertEquals(200, adminStatus(p, "POST", "payouts/" + batch + "/reject", "{\"by\":\"ann\"}"));
            assertEquals(first.path("total").asLong(), WalletAudit.balances(db).values().stream()
                    .filter(b -> b > 0).mapToLong(Long::longValue).sum(), "rejected: the balances are back");
            admin(p, "POST", "payouts/pause", "{\"by\":\"ann\"}");
            admin(p, "POST", "payouts/run", "{\"by\":\"it\"}");
            assertEquals(0, admin(p, "GET", "payouts", "").path("open").size(), "paused: nothing recorded");
            admin(p, "POST", "payouts/resume", "{\"by\":\"ann\"}");
            JsonNode second = awaitOneOpenBatch(p, "recorded");
            assertEquals(first.path("total").asLong(), second.path("total").asLong(), "the same balances, recorded again");
            assertEquals(409, adminStatus(p, "POST", "payouts/" + batch + "/approve", "{\"by\":\"ann\"}"),
                    "a rejected batch cannot be approved");
            assertEquals(200, adminStatus(p, "POST", "payouts/" + second.path("id").asLong() + "/approve",
                    "{\"by\":\"bob\"}"));
            admin(p, "POST", "payouts/run", "{\"by\":\"it\"}");
            node.generateToAddress(2, walletAddress);
            admin(p, "POST", "payouts/run", "{\"by\":\"it\"}");
            assertEquals(List.of(List.of("confirmed")), WalletAudit.query(db, "SELECT status FROM payout_batches"
                    + " WHERE id = " + second.path("id").asLong()));
            assertEquals(List.of(List.of("rejected", "ann"), List.of("approved", "bob")), WalletAudit.query(db,
                    "SELECT status, changed_by FROM payout_batch_events WHERE status IN ('approved', 'rejected') ORDER BY id"),
                    "the operators' decisions are audited");

            Map<String, String> scripts = new HashMap<>();
            miners.forEach(m -> scripts.put(Hex.encode(m.script()), m.address()));
            Map<String, Long> chainPaid = new HashMap<>();
            WalletAudit.sumByScript(WalletAudit.chainPayments(node, before + 1, scripts.keySet(), true))
                    .forEach((script, sum) -> chainPaid.put(scripts.get(script), sum));
            Map<String, Long> credited = WalletAudit.credited(db);
            long inCoinbases = WalletAudit.chainPayments(node, before + 1, scripts.keySet(), true).stream()
                    .mapToLong(WalletAudit.ChainPayment::value).sum()
                    - WalletAudit.chainPayments(node, before + 1, scripts.keySet(), false).stream()
                            .mapToLong(WalletAudit.ChainPayment::value).sum();
            assertTrue(inCoinbases > 0, "the coinbases paid miners directly too");
            for (Payout m : miners) {
                assertEquals(credited.get(m.address()), chainPaid.get(m.address()),
                        () -> m + ": coinbase outputs plus wallet payments = credits");
                assertEquals(0L, WalletAudit.balances(db).getOrDefault(m.address(), 0L), () -> m + ": nothing left owed");
            }
        }
    }

    private JsonNode awaitOneOpenBatch(NodePool p, String status) throws Exception {
        JsonNode[] open = new JsonNode[1];
        Waits.until(() -> "one open batch, " + status + ": " + open[0], Duration.ofSeconds(30), () -> {
            try {
                open[0] = admin(p, "POST", "payouts/run", "{\"by\":\"it\"}") != null
                        ? admin(p, "GET", "payouts", "").path("open") : null;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return open[0].size() == 1 && open[0].path(0).path("status").asText().equals(status);
        });
        return open[0].path(0);
    }

    @Test
    void aWalletThatCannotPaySaysWhyAndLosesNothing() throws Exception {
        node.walletRest("PUT", "wallet/empty", "{}");
        Payout miner = RegtestPayouts.p2wpkh("refused-miner");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        Logger refusals = (Logger) LoggerFactory.getLogger("event.payout-refused");
        events.start();
        refusals.addAppender(events);
        try {
            assertRefused(miner, "empty", 2.0, "insufficient_funds", events);
            assertRefused(miner, "primary", null, "fee_estimation", events); // bcoin's regtest has no fee estimate
            assertRefusedWhileTheWalletIsDown(events);
        } finally {
            refusals.detachAppender(events);
        }
    }

    private void assertRefused(Payout miner, String walletId, Double feeRate, String reason,
            ListAppender<ILoggingEvent> events) throws Exception {
        Map<String, String> settings = walletSettings(walletId, feeRate, 0.5);
        settings.put("node.confirmations.required", "3");
        try (NodePool p = NodePool.start(node, walletAddress, settings)) {
            long before = node.getBlockCount();
            mine(p, List.of(miner.address()), 1);
            node.generateToAddress(3, walletAddress);
            Waits.until(() -> reason + " counted: " + scrape(p, "pool_payout_wallet_errors_total{reason=\"" + reason + "\"}"),
                    Duration.ofSeconds(30), () -> scrape(p, "pool_payout_wallet_errors_total{reason=\"" + reason + "\"}") >= 1);
            String db = p.ledgerJdbcUrl();
            assertTrue(events.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("wallet payout refused ("
                    + reason + ")")), () -> "event: " + events.list);
            List<List<String>> batches = WalletAudit.query(db, "SELECT status, txid, total FROM payout_batches");
            assertEquals(1, batches.size(), batches::toString);
            assertEquals("recorded", batches.get(0).get(0), "the batch waits, unsigned");
            assertNull(batches.get(0).get(1));
            long credited = WalletAudit.credited(db).get(miner.address());
            assertEquals(credited, Long.parseLong(batches.get(0).get(2)), "the whole balance waits in the batch");
            assertEquals(0L, WalletAudit.balances(db).get(miner.address()));
            Waits.until(() -> "unpaid gauge: " + scrape(p, "pool_payout_unpaid_satoshis"), Duration.ofSeconds(10),
                    () -> scrape(p, "pool_payout_unpaid_satoshis") == credited);
            assertEquals(List.of(), WalletAudit.chainPayments(node, before + 1, Set.of(Hex.encode(miner.script()))));
        }
    }

    /** A wallet (and node) nobody answers at: every round is refused as unreachable, and nothing is recorded. */
    private void assertRefusedWhileTheWalletIsDown(ListAppender<ILoggingEvent> events) throws Exception {
        String dead = "http://127.0.0.1:" + BcoinNode.freePort() + "/";
        Map<String, String> settings = walletSettings("primary", 2.0, 0.5);
        settings.put("payout.wallet.url", dead);
        settings.put("payout.wallet.nodeUrl", dead);
        try (NodePool p = NodePool.start(node, walletAddress, settings)) {
            String series = "pool_payout_wallet_errors_total{reason=\"unreachable\"}";
            Waits.until(() -> "unreachable counted: " + scrape(p, series), Duration.ofSeconds(30), () -> scrape(p, series) >= 2);
            assertTrue(events.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith(
                    "wallet payout refused (unreachable)")), () -> "event: " + events.list);
            assertEquals(List.of(), WalletAudit.query(p.ledgerJdbcUrl(), "SELECT id FROM payout_batches"));
        }
    }

    /** Miners (one per user) mine until the pool has {@code blocks} more blocks in the chain and each found one. */
    private void mine(NodePool p, List<String> users, int blocks) throws InterruptedException {
        long had = p.inChainCount();
        Fleet fleet = Fleet.start(p.sims, users.size(), i -> MinerOptions.builder("127.0.0.1", p.port())
                .profile(Fleet.mixedProfile(i)).user(users.get(i)).name("rig" + i).hashrate(1.5).build());
        try {
            assertTrue(fleet.awaitAllMining(Duration.ofSeconds(20)), () -> "miners: " + fleet.miners());
            // every user finds a block of its own: its share is then surely in that block's PPLNS window
            Waits.until(() -> blocks + " blocks, one by each of " + users + ": " + p.blocks(NodePool.IN_CHAIN),
                    Duration.ofSeconds(90), () -> p.inChainCount() - had >= blocks && users.stream().allMatch(
                            u -> p.blocks(NodePool.IN_CHAIN).stream().anyMatch(b -> b.user().equals(u))));
        } finally {
            fleet.stop();
        }
        p.awaitSettled();
    }

    private void assertApiShowsTxidAndConfirmations(NodePool p, Set<String> txids) throws Exception {
        JsonNode page = get("http://127.0.0.1:" + p.pool.apiPort() + "/api/payments?limit=100");
        Set<String> shown = new HashSet<>();
        for (JsonNode payment : page.path("payments")) {
            if (payment.path("kind").asText().equals("wallet")) {
                shown.add(payment.path("txid").asText());
                assertEquals("confirmed", payment.path("status").asText(), payment::toString);
                assertTrue(payment.path("confirmations").asInt() >= 2, payment::toString);
            }
        }
        assertEquals(txids, shown, () -> "API payments: " + page);
    }

    private JsonNode admin(NodePool p, String method, String path, String body) throws Exception {
        HttpResponse<String> response = adminCall(p, method, path, body);
        assertEquals(200, response.statusCode(), response::body);
        return JSON.readTree(response.body());
    }

    private int adminStatus(NodePool p, String method, String path, String body) throws Exception {
        return adminCall(p, method, path, body).statusCode();
    }

    private HttpResponse<String> adminCall(NodePool p, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.pool.adminPort() + "/admin/" + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        return JSON.readTree(response.body());
    }

    /** One series of the pool's /metrics; -1 when absent. */
    private double scrape(NodePool p, String series) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.pool.apiPort() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith(series + " ") || line.startsWith(series.replace("}", ",") )) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return -1;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
