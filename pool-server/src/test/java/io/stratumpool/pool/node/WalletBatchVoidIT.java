package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratumpool.pool.ledger.PoolProcess;
import io.stratumpool.pool.node.RegtestPayouts.Payout;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Transaction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed wallet batch that can never confirm, voided by an operator, on a real bcoin regtest
 * wallet. The packaged pool (PPS on the sandbox chain) signs a batch while its node is unreachable,
 * so the transaction is stored but never sent; the test then spends one of that transaction's
 * inputs with another wallet transaction and mines it. Restarted with its node, the pool finds the
 * stored transaction refused (event and metric); the void is refused while the conflicting spend is
 * shallower than {@code payout.wallet.voidDepth} and accepted once it is that deep. A later batch
 * then pays every user: per address the chain holds exactly what the ledger paid, credited = paid +
 * balance, and the voided transaction is nowhere on chain.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class WalletBatchVoidIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "wallet-void-it-token";
    private static final Duration START = Duration.ofSeconds(60);
    private static final long MINIMUM = 100_000;
    private static final int VOID_DEPTH = 3;
    private static final List<Payout> MINERS = List.of(RegtestPayouts.p2wpkh("void-wpkh"), RegtestPayouts.p2tr("void-tr"));
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void voidsASignedBatchOnlyOnceAConflictingSpendIsDeepThenPaysItsUsersOnce(@TempDir Path dir) throws Exception {
        try (BcoinNode node = BcoinNode.startWithWallet("wallet-void")) {
            String wallet = node.newWalletAddress();
            node.generateToAddress(ChainAudit.SEGWIT_HEIGHT - 1, wallet);
            long start = node.getBlockCount() + 1;
            String db = "jdbc:sqlite:" + dir.resolve("data").resolve("ledger.db").toAbsolutePath();
            int adminPort = BcoinNode.freePort();
            String deadNode = "http://127.0.0.1:" + BcoinNode.freePort() + "/";

            PoolProcess.Launch unsent = PoolProcess.Launch.onFreePorts(dir, settings(node, wallet, deadNode, adminPort));
            signOneBatchWithoutSendingIt(unsent, db);
            List<List<String>> batches = WalletAudit.query(db, "SELECT id, status, txid, tx_hex FROM payout_batches"
                    + " WHERE kind = 'wallet'");
            assertEquals(1, batches.size(), () -> "one batch, signed and blocking the rest: " + batches);
            assertEquals("signed", batches.get(0).get(1));
            long batch = Long.parseLong(batches.get(0).get(0));
            String stuckTxid = batches.get(0).get(2);
            Map<String, Long> inBatch = WalletAudit.sums(db, "SELECT user_name, amount FROM payouts WHERE batch_id = " + batch);

            String conflict = spendFirstInput(node, Transaction.parse(Hex.decode(batches.get(0).get(3))), wallet);
            node.generateToAddress(1, wallet);

            PoolProcess.Launch live = new PoolProcess.Launch(dir, unsent.stratumPort(), unsent.apiPort(),
                    settings(node, wallet, node.rpcUrl(), adminPort));
            PoolProcess pool = live.start(1);
            try {
                pool.awaitListening(START);
                Waits.until(() -> "the refused broadcast reported:\n" + tail(pool.log()), Duration.ofSeconds(60),
                        () -> metric(live, "pool_payout_wallet_errors_total{reason=\"broadcast_refused\"}") >= 1);
                assertTrue(pool.log().contains("refuses its signed transaction " + stuckTxid), () -> tail(pool.log()));

                HttpResponse<String> noConflict = admin("POST", "payouts/" + batch + "/void", "{\"by\":\"ann\"}", adminPort);
                assertEquals(409, noConflict.statusCode(), noConflict::body);
                assertTrue(error(noConflict).contains("name the confirmed transaction that spent its input"), noConflict::body);
                HttpResponse<String> shallow = voidWith(batch, conflict, adminPort);
                assertEquals(409, shallow.statusCode(), shallow::body);
                assertTrue(error(shallow).contains("has 1 confirmations, payout.wallet.voidDepth requires " + VOID_DEPTH),
                        shallow::body);
                assertEquals("signed", status(db, batch), "a refused void changes nothing");
                assertTrue(WalletAudit.walletPaid(db).isEmpty(), "nothing is paid while the batch blocks");

                node.generateToAddress(VOID_DEPTH - 1, wallet);
                HttpResponse<String> voided = voidWith(batch, conflict, adminPort);
                assertEquals(200, voided.statusCode(), voided::body);
                assertEquals("voided", status(db, batch));
                assertEquals(409, voidWith(batch, conflict, adminPort).statusCode(), "a batch is voided once");
                assertEquals(List.of(List.of("ann")), WalletAudit.query(db, "SELECT changed_by FROM payout_batch_events"
                        + " WHERE batch_id = " + batch + " AND status = 'voided'"), "the void is audited once");

                Waits.until(() -> "a later batch sent: " + WalletAudit.query(db, "SELECT id, status FROM payout_batches")
                        + "\n" + tail(pool.log()), Duration.ofSeconds(60), () -> WalletAudit.query(db, "SELECT id FROM"
                        + " payout_batches WHERE kind = 'wallet' AND status IN ('sent', 'confirmed')").size() == 1);
                // A block confirms the batch in the mempool and may mature more of the pool's blocks, whose
                // credits the payer then pays in a further batch: mine one whenever a batch waits for it.
                Waits.until(() -> "every batch confirmed or voided, every balance below the minimum: "
                        + WalletAudit.query(db, "SELECT id, status FROM payout_batches") + " " + WalletAudit.balances(db),
                        Duration.ofSeconds(120), Duration.ofSeconds(1), () -> {
                            if (!WalletAudit.query(db, "SELECT id FROM payout_batches WHERE status = 'sent'").isEmpty()) {
                                node.generateToAddress(1, wallet);
                            }
                            return settled(db);
                        });
                String log = pool.stop();
                assertTrue(log.contains("stopped"), () -> "no graceful stop:\n" + tail(log));
            } finally {
                if (pool.isAlive()) {
                    pool.kill();
                }
            }
            assertPaidOnceOnChain(node, db, start, stuckTxid, inBatch);
        }
    }

    /** The first pool mines until its payer has signed a batch it cannot broadcast (its node is down), then stops. */
    private static void signOneBatchWithoutSendingIt(PoolProcess.Launch launch, String db) throws Exception {
        PoolProcess pool = launch.start(0);
        try (SimRuntime runtime = new SimRuntime(1, 1)) {
            pool.awaitListening(START);
            Fleet fleet = Fleet.start(runtime, MINERS.size(), i -> MinerOptions.builder("127.0.0.1", launch.stratumPort())
                    .profile(Fleet.mixedProfile(i)).name("m" + i).user(MINERS.get(i).address()).hashrate(20_000)
                    .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1)).build());
            try {
                Waits.until(() -> "a signed batch:\n" + tail(pool.log()), Duration.ofSeconds(90), () -> !WalletAudit.query(db,
                        "SELECT id FROM payout_batches WHERE status = 'signed'").isEmpty());
            } finally {
                fleet.stop();
            }
            String log = pool.stop();
            assertTrue(log.contains("stopped"), () -> "no graceful stop:\n" + tail(log));
        } finally {
            if (pool.isAlive()) {
                pool.kill();
            }
        }
    }

    /**
     * Spends the stored transaction's first input with another transaction of the same wallet: every
     * other coin is locked, so the wallet can only fund the send from that one coin.
     */
    private static String spendFirstInput(BcoinNode node, Transaction stuck, String to) {
        Transaction.Input input = stuck.inputs().get(0);
        String txid = input.prevTxid().toHexReversed();
        JsonNode coin = node.rpc("gettxout", txid, input.prevIndex(), true);
        assertFalse(coin == null || coin.isNull(), "the stored transaction's input is unspent before the conflict");
        List<Map<String, Object>> others = new ArrayList<>();
        for (JsonNode u : node.walletRpc("listunspent", 0, 9_999_999)) {
            if (!(u.path("txid").asText().equals(txid) && u.path("vout").asLong() == input.prevIndex())) {
                others.add(Map.of("txid", u.path("txid").asText(), "vout", u.path("vout").asLong()));
            }
        }
        node.walletRpc("lockunspent", false, others);
        try {
            String conflict = node.walletRpc("sendtoaddress", to, coin.path("value"), "", "", true).asText();
            Transaction spend = Transaction.parse(Hex.decode(node.walletRest("GET", "wallet/primary/tx/" + conflict, "")
                    .path("tx").asText()));
            assertTrue(spend.inputs().stream().anyMatch(in -> in.prevTxid().equals(input.prevTxid())
                    && in.prevIndex() == input.prevIndex()), "the conflict spends the stored transaction's input");
            return conflict;
        } finally {
            node.walletRpc("lockunspent", true, others); // bcoin 1.0.2's unlock-all form is broken
        }
    }

    private static void assertPaidOnceOnChain(BcoinNode node, String db, long fromHeight, String voidedTxid,
            Map<String, Long> inVoidedBatch) {
        Map<String, String> scripts = MINERS.stream().collect(Collectors.toMap(m -> Hex.encode(m.script()), Payout::address));
        List<WalletAudit.ChainPayment> onChain = WalletAudit.chainPayments(node, fromHeight, scripts.keySet());
        Map<String, Long> chainPaid = new HashMap<>();
        WalletAudit.sumByScript(onChain).forEach((script, sum) -> chainPaid.put(scripts.get(script), sum));
        Map<String, Long> ledgerPaid = WalletAudit.walletPaid(db);
        Map<String, Long> credited = WalletAudit.credited(db);
        Map<String, Long> balances = WalletAudit.balances(db);
        for (Payout m : MINERS) {
            long paid = ledgerPaid.getOrDefault(m.address(), 0L);
            assertTrue(paid >= inVoidedBatch.getOrDefault(m.address(), 0L) && paid > 0,
                    () -> m + " was not paid what the voided batch owed it: " + ledgerPaid + " vs " + inVoidedBatch);
            assertEquals(paid, chainPaid.getOrDefault(m.address(), 0L), () -> "chain vs ledger for " + m + ": " + onChain);
            assertEquals(credited.get(m.address()), paid + balances.get(m.address()), () -> "credited = paid + balance for " + m);
        }
        Set<String> txids = onChain.stream().map(WalletAudit.ChainPayment::txid).collect(Collectors.toSet());
        assertFalse(txids.contains(voidedTxid), "the voided transaction is not on chain");
        Set<String> paidBatches = WalletAudit.query(db, "SELECT txid FROM payout_batches WHERE kind = 'wallet'"
                + " AND status = 'confirmed'").stream().map(r -> r.get(0)).collect(Collectors.toSet());
        assertEquals(paidBatches, txids, "every confirmed batch is one transaction on chain, and nothing else pays the miners");
        assertTrue(onChain.stream().collect(Collectors.groupingBy(p -> p.txid() + "/" + p.scriptHex(), Collectors.counting()))
                .values().stream().allMatch(n -> n == 1), "one output per miner per batch");
    }

    private static boolean settled(String db) {
        return WalletAudit.query(db, "SELECT id FROM payout_batches WHERE kind = 'wallet'"
                + " AND status NOT IN ('confirmed', 'voided')").isEmpty()
                && WalletAudit.balances(db).values().stream().allMatch(b -> b < MINIMUM)
                && WalletAudit.query(db, "SELECT value FROM accounting_state WHERE name = 'pps_cursor'").stream()
                        .anyMatch(r -> Long.parseLong(r.get(0)) == Long.parseLong(WalletAudit.query(db,
                                "SELECT MAX(id) FROM shares").get(0).get(0)));
    }

    private static List<String> settings(BcoinNode node, String wallet, String nodeUrl, int adminPort) {
        Map<String, String> s = WalletAudit.poolSettings(node, wallet, nodeUrl, MINIMUM);
        s.put("payout.wallet.voidDepth", String.valueOf(VOID_DEPTH));
        s.put("payout.wallet.intervalSeconds", "0.3");
        s.put("payout.wallet.requestTimeoutMillis", "5000");
        s.put("admin.enabled", "true");
        s.put("admin.port", String.valueOf(adminPort));
        s.put("admin.token", TOKEN);
        return WalletAudit.asArgs(s);
    }

    private HttpResponse<String> voidWith(long batch, String conflict, int adminPort) throws Exception {
        return admin("POST", "payouts/" + batch + "/void", "{\"by\":\"ann\",\"conflict\":\"" + conflict + "\"}", adminPort);
    }

    private HttpResponse<String> admin(String method, String path, String body, int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/" + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error").asText();
    }

    private static String status(String db, long batch) {
        return WalletAudit.query(db, "SELECT status FROM payout_batches WHERE id = " + batch).get(0).get(0);
    }

    /** One series of the pool's /metrics on its API port; -1 when absent or unreachable. */
    private double metric(PoolProcess.Launch launch, String series) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + launch.apiPort()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            return r.body().lines().filter(l -> l.startsWith(series + " ")).findFirst()
                    .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(-1.0);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
