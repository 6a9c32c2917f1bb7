package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.ledger.PoolProcess;
import io.stratumpool.pool.node.RegtestPayouts.Payout;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.MinerOptions;
import io.stratumpool.sim.SimRuntime;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Hex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged pool paying through bcoin's wallet, killed with SIGKILL again and again while it
 * records, signs and sends batches. Balances come from PPS (every share is credited within seconds,
 * on the embedded sandbox chain), so batches are made all the time; the wallet is a real bcoin
 * regtest wallet and the test mines the node's blocks, so payments confirm. Half the kills land a
 * random 0..600 ms after the pool logs a new batch (while it signs, stores and broadcasts it), the rest at a
 * random moment. At the end, per address, the chain (every output to the miner's script, read from
 * raw blocks) holds exactly what the ledger says the wallet paid, each batch is one transaction,
 * and credited = paid + balance: nothing paid twice, nothing skipped.
 * {@code -Dstratumpool.crash.seed=N} replays a kill schedule.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class WalletPayoutCrashIT {
    private static final int KILLS = Integer.getInteger("stratumpool.crash.kills", 12);
    private static final Duration START = Duration.ofSeconds(60);
    private static final long MINIMUM = 100_000;
    private static final List<Payout> MINERS = List.of(RegtestPayouts.p2wpkh("crash-wpkh"), RegtestPayouts.p2tr("crash-tr"),
            RegtestPayouts.p2pkh("crash-pkh"));

    @Test
    void repeatedSigkillDuringPayoutsNeverPaysTwiceNorSkipsACredit(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("stratumpool.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("wallet crash test (seed " + seed + "): starting");
        try (BcoinNode node = BcoinNode.startWithWallet("wallet-crash")) {
            String wallet = node.newWalletAddress();
            node.generateToAddress(ChainAudit.SEGWIT_HEIGHT - 1, wallet);
            long start = node.getBlockCount() + 1;
            PoolProcess.Launch launch = PoolProcess.Launch.onFreePorts(dir, settings(node, wallet));
            String db = "jdbc:sqlite:" + dir.resolve("data").resolve("ledger.db").toAbsolutePath();
            ScheduledExecutorService blocks = Executors.newSingleThreadScheduledExecutor();
            blocks.scheduleWithFixedDelay(() -> node.generateToAddress(1, wallet), 1, 2, TimeUnit.SECONDS);
            Map<String, Integer> caught = new TreeMap<>();
            PoolProcess pool = launch.start(0);
            int incarnation = 0;
            try (SimRuntime runtime = new SimRuntime(1, 1)) {
                pool.awaitListening(START);
                Fleet fleet = Fleet.start(runtime, MINERS.size(), i -> MinerOptions.builder("127.0.0.1", launch.stratumPort())
                        .profile(Fleet.mixedProfile(i)).name("m" + i).user(MINERS.get(i).address()).hashrate(20_000)
                        .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1)).build());
                try {
                    int kills = 0;
                    while (kills < KILLS || !caughtMidPayment(caught)) {
                        if (kills >= 3 * KILLS) {
                            throw new AssertionError("kills did not catch batches both unsigned and signed-but-unsent: " + caught);
                        }
                        killDuringPayouts(pool, random, incarnation);
                        kills++;
                        caught.merge(lastBatchStatus(db), 1, Integer::sum);
                        pool = launch.start(++incarnation);
                        pool.awaitListening(START);
                    }
                } finally {
                    fleet.stop();
                }
                PoolProcess last = pool;
                Waits.until(() -> "every batch confirmed and every balance below the minimum: "
                        + WalletAudit.query(db, "SELECT id, status, txid FROM payout_batches WHERE status <> 'confirmed'")
                        + " " + WalletAudit.balances(db) + "\n" + tail(last.log()), Duration.ofSeconds(90),
                        () -> settled(db));
                String log = pool.stop();
                assertTrue(log.contains("stopped"), "no graceful stop:\n" + tail(log));
            } finally {
                blocks.shutdownNow();
                blocks.awaitTermination(30, TimeUnit.SECONDS);
                if (pool.isAlive()) {
                    pool.kill();
                }
            }
            assertLedgerAndChainAgree(node, db, start);
            System.out.printf("wallet crash test (seed %d): %d restarts; last batch's status at each kill: %s%n", seed,
                    incarnation, caught);
        }
    }

    private static List<String> settings(BcoinNode node, String wallet) {
        Map<String, String> s = WalletAudit.poolSettings(node, wallet, node.rpcUrl(), MINIMUM);
        s.put("payout.wallet.intervalSeconds", "0.3");
        return WalletAudit.asArgs(s);
    }

    /** Half the time right after a new batch is logged (in its signing and sending), else at a random moment. */
    private static void killDuringPayouts(PoolProcess pool, Random random, int incarnation) throws Exception {
        if (random.nextBoolean()) {
            int before = count(pool.log(), "recorded:");
            assertTrue(Waits.within(Duration.ofSeconds(30), () -> count(pool.log(), "recorded:") > before),
                    () -> "pool " + incarnation + " recorded no batch:\n" + tail(pool.log()));
            Thread.sleep(random.nextInt(600));
        } else {
            Thread.sleep(300 + random.nextInt(6000));
        }
        pool.kill();
    }

    /** At least one kill left a batch recorded but unsigned, and one left it signed but not yet known to the wallet. */
    private static boolean caughtMidPayment(Map<String, Integer> caught) {
        return caught.containsKey("recorded") && caught.containsKey("signed");
    }

    private static String lastBatchStatus(String db) {
        List<List<String>> rows = WalletAudit.query(db, "SELECT status FROM payout_batches ORDER BY id DESC LIMIT 1");
        return rows.isEmpty() ? "none" : rows.get(0).get(0);
    }

    private static boolean settled(String db) {
        return WalletAudit.query(db, "SELECT id FROM payout_batches WHERE kind = 'wallet' AND status <> 'confirmed'")
                .isEmpty() && WalletAudit.balances(db).values().stream().allMatch(b -> b < MINIMUM)
                && !WalletAudit.query(db, "SELECT id FROM payout_batches").isEmpty()
                && WalletAudit.query(db, "SELECT value FROM accounting_state WHERE name = 'pps_cursor'").stream()
                        .anyMatch(r -> Long.parseLong(r.get(0)) == Long.parseLong(WalletAudit.query(db,
                                "SELECT MAX(id) FROM shares").get(0).get(0)));
    }

    private static void assertLedgerAndChainAgree(BcoinNode node, String db, long fromHeight) {
        Map<String, String> scripts = MINERS.stream().collect(Collectors.toMap(m -> Hex.encode(m.script()), Payout::address));
        List<WalletAudit.ChainPayment> onChain = WalletAudit.chainPayments(node, fromHeight, scripts.keySet());
        Map<String, Long> chainPaid = new HashMap<>();
        WalletAudit.sumByScript(onChain).forEach((script, sum) -> chainPaid.put(scripts.get(script), sum));
        Map<String, Long> ledgerPaid = WalletAudit.walletPaid(db);
        Map<String, Long> credited = WalletAudit.credited(db);
        Map<String, Long> balances = WalletAudit.balances(db);
        for (Payout m : MINERS) {
            long paid = ledgerPaid.getOrDefault(m.address(), 0L);
            assertTrue(paid > 0, () -> m + " was never paid: " + ledgerPaid);
            assertEquals(paid, chainPaid.getOrDefault(m.address(), 0L), () -> "chain vs ledger for " + m);
            assertEquals(credited.get(m.address()), paid + balances.get(m.address()), () -> "credited = paid + balance for " + m);
        }
        List<List<String>> batches = WalletAudit.query(db, "SELECT id, txid FROM payout_batches WHERE kind = 'wallet'");
        Set<String> txids = onChain.stream().map(WalletAudit.ChainPayment::txid).collect(Collectors.toSet());
        assertEquals(batches.stream().map(b -> b.get(1)).collect(Collectors.toSet()), txids,
                "every batch is exactly one transaction on chain, and no other transaction pays the miners");
        assertEquals(batches.size(), txids.size());
        Map<String, Long> outputsPerTxAndScript = onChain.stream().collect(Collectors.groupingBy(
                p -> p.txid() + "/" + p.scriptHex(), Collectors.counting()));
        assertTrue(outputsPerTxAndScript.values().stream().allMatch(n -> n == 1), "one output per miner per batch");
        System.out.printf("wallet crash test: %d batches, paid on chain %s, ledger %s%n", batches.size(), chainPaid, ledgerPaid);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
