package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.InMemoryBlockRepository;
import io.stratumpool.pool.node.P2wpkhTransactions.Coin;
import io.stratumpool.pool.node.P2wpkhTransactions.Payment;
import io.stratumpool.pool.node.RegtestPayouts.Payout;
import io.stratumpool.sim.Fleet;
import io.stratumpool.sim.Share;
import io.stratumpool.sim.SimMiner;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.Block;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * What the node's templates become through the whole pool: a template the node would refuse as a
 * block never reaches miners (the BIP23 proposal check), and templates holding real mempool
 * transactions, a parent and its child among them, are mined by simulated miners into blocks the
 * node accepts, which proves coinbase-position merkle branches over several levels on a real node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PoolTemplatesIT {
    private static final Duration BOUND = Duration.ofSeconds(15);
    private final TestKey key = TestKey.fromSeed("PoolTemplatesIT");
    private final Payout payout = RegtestPayouts.p2wpkh("templates");
    private BcoinNode node;
    private int nextCoinHeight = 1;

    @BeforeAll
    void startNode() throws Exception {
        node = BcoinNode.start("templates");
        // Coinbases to our key: the oldest are mature (100 deep) by the time the transactions need them.
        node.generateToAddress(ChainAudit.SEGWIT_HEIGHT - 1, key.address("rb"));
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    /**
     * The template is made invalid on its way into the pool (see {@link OverpayingTemplateSource}):
     * the pool proposes the job's block to bcoin, bcoin answers bad-cb-amount, and the job is
     * withheld, so miners keep the previous tip's work; the next honest template goes out as usual.
     */
    @Test
    @Order(1)
    void jobWhoseProposalTheNodeRejectsNeverReachesMiners() throws Exception {
        AtomicReference<OverpayingTemplateSource> source = new AtomicReference<>();
        AtomicReference<NodeBlockSubmitter> submitter = new AtomicReference<>();
        Map<String, String> fastRefresh = Map.of("node.refreshIntervalMillis", "500");
        ListAppender<ILoggingEvent> jobEvents = capture("event.job-rejected");
        try (NodePool p = NodePool.start(node, payout.address(), fastRefresh, (config, builder) -> {
            InMemoryBlockRepository blocks = new InMemoryBlockRepository(Clock.systemUTC());
            source.set(new OverpayingTemplateSource(
                    new NodeTemplateSource(config.node(), Clock.systemUTC(), NodeRpcListener.NONE)));
            submitter.set(new NodeBlockSubmitter(config.node(), blocks, Clock.systemUTC(), NodeRpcListener.NONE));
            return builder.blocks(blocks).chain(source.get(), submitter.get());
        })) {
            List<SimMiner> miners = p.idleMiners(2);
            miners.forEach(m -> assertTrue(m.awaitMining(BOUND), m::toString));
            Hash256 oldTip = Hash256.fromHexReversed(node.getBestBlockHash());
            miners.forEach(m -> assertEquals(oldTip, m.job().orElseThrow().prevHash()));

            source.get().overpay(true);
            Hash256 newTip = Hash256.fromHexReversed(node.generateToAddress(1, key.address("rb")).get(0));
            Waits.until(() -> "two rejected jobs; rejected: " + p.pool.jobs().rejectedJobs(), BOUND,
                    () -> p.pool.jobs().rejectedJobs() >= 2);

            assertEquals(oldTip, p.pool.jobs().current().template().prevHash(), "the live job is still the old one");
            for (SimMiner m : miners) {
                assertEquals(oldTip, m.job().orElseThrow().prevHash(), m.name() + " works on the old tip");
                assertTrue(Notifies.of(m).stream().noneMatch(r -> r.job().prevHash().equals(newTip)),
                        () -> m.name() + " was sent a job on the new tip: " + m.transcript());
            }
            assertTrue(jobEvents.list.stream().anyMatch(e -> e.getFormattedMessage().contains("bad-cb-amount")),
                    () -> "operator event with the node's reason: " + jobEvents.list);

            source.get().overpay(false);
            long coinbaseValue = node.getBlockTemplate().get("coinbasevalue").asLong();
            for (SimMiner m : miners) {
                assertTrue(m.await(x -> Notifies.firstCleanOn(x, newTip).isPresent(), BOUND), m::toString);
                Notifies.of(m).stream().filter(r -> r.job().prevHash().equals(newTip)).forEach(r -> assertEquals(
                        coinbaseValue, Notifies.coinbase(m, r.job()).outputs().stream().mapToLong(Transaction.Output::value)
                                .sum(), "every job on the new tip claims exactly the node's coinbase value"));
            }
            assertHealedJobMinesABlock(p, miners.get(0), newTip);
        } finally {
            detach("event.job-rejected", jobEvents);
            if (submitter.get() != null) {
                submitter.get().close(); // supplied by the test, so the pool does not own it
            }
        }
    }

    private void assertHealedJobMinesABlock(NodePool p, SimMiner miner, Hash256 tip) throws Exception {
        Share share = miner.findShare(BOUND).orElseThrow();
        JsonNode reply = miner.submit(share).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertTrue(reply.path("result").asBoolean(), reply::toString);
        Waits.until(() -> "the block in the chain; blocks: " + p.blocks(), BOUND, () -> p.inChainCount() == 1);
        BlockRecord block = p.blocks(NodePool.IN_CHAIN).get(0);
        assertEquals(tip, block.prevHash());
        // In the node's chain at its height (the fleet may have mined on top of it meanwhile).
        assertEquals(block.hash(), Hash256.fromHexReversed(node.getBlockHash(block.height())));
        ChainAudit.assertCoinbase(p, block, payout);
    }

    @Test
    @Order(2)
    void mempoolParentAndChildAreMinedThroughThePool() throws Exception {
        long before = node.getBlockCount();
        try (NodePool p = NodePool.start(node, payout.address(), Map.of())) {
            List<Hash256> sent = sendParentChildAndTwoMore();
            // bcoin's sendrawtransaction answers before the mempool has taken the transaction.
            Waits.until(() -> "four transactions in the mempool: " + node.rpc("getrawmempool"), BOUND,
                    () -> mempoolSize() == 4);
            // bcoin rebuilds its template only after a block (or when it is 10 s old): the pool's
            // first block clears the way, the next ones carry the transactions.
            Fleet fleet = p.fleet(2, 2);
            try {
                Waits.until(() -> "an empty mempool: " + node.rpc("getrawmempool"), Duration.ofSeconds(60),
                        () -> mempoolSize() == 0);
            } finally {
                fleet.stop();
            }
            p.awaitSettled();
            List<BlockRecord> accepted = ChainAudit.assertRecordsMatchChain(p, before);

            BlockRecord carrier = blockContaining(accepted, sent.get(0)).orElseThrow(
                    () -> new AssertionError("the parent is in no block the pool mined: " + accepted));
            Block block = ChainAudit.assertCoinbase(p, carrier, payout);
            assertEquals(sorted(txids(block).subList(1, block.transactions().size())), sorted(sent),
                    "parent, child and the two others in one block, nothing else");
            assertTrue(txids(block).indexOf(sent.get(0)) < txids(block).indexOf(sent.get(1)), "parent before child");
            assertEquals(subsidy(carrier.height()) + 10_000 + 20_000 + 5_000 + 5_001, carrier.reward(),
                    "coinbase value includes the fees");
            // Five transactions: the coinbase's merkle branch has three levels, and miners were sent it.
            assertTrue(fleet.miners().stream().anyMatch(m -> Notifies.of(m).stream()
                    .anyMatch(r -> r.job().prevHash().equals(carrier.prevHash()) && r.job().merkleBranch().size() == 3)),
                    "a notify with a three-level merkle branch");
            assertTrue(fleet.failures().isEmpty(), () -> "firmware failures: " + fleet.failures());
        }
    }

    private int mempoolSize() {
        return node.rpc("getmempoolinfo").get("size").asInt();
    }

    /** Parent (two outputs), its child, and two independent spends; their txids in that order. */
    private List<Hash256> sendParentChildAndTwoMore() {
        byte[] parent = P2wpkhTransactions.spend(key, List.of(nextCoin()), List.of(
                new Payment(20_0000_0000L, key.p2wpkhScript()), new Payment(29_9999_0000L, key.p2wpkhScript())));
        byte[] child = P2wpkhTransactions.spendToSelf(key, P2wpkhTransactions.output(parent, 0), 20_000);
        List<byte[]> all = List.of(parent, child, P2wpkhTransactions.spendToSelf(key, nextCoin(), 5_000),
                P2wpkhTransactions.spendToSelf(key, nextCoin(), 5_001));
        List<Hash256> txids = new ArrayList<>();
        for (byte[] tx : all) {
            node.sendRawTransaction(tx);
            txids.add(Transaction.parse(tx).txid());
        }
        return txids;
    }

    private Optional<BlockRecord> blockContaining(List<BlockRecord> blocks, Hash256 txid) {
        return blocks.stream().filter(b -> txids(Block.parse(node.getBlockBytes(b.hash().toHexReversed()))).contains(txid))
                .findFirst();
    }

    private static List<String> sorted(List<Hash256> txids) {
        return txids.stream().map(Hash256::toHexReversed).sorted().toList();
    }

    private static List<Hash256> txids(Block block) {
        return block.transactions().stream().map(Transaction::txid).toList();
    }

    /** Regtest halves the subsidy every 150 blocks. */
    private static long subsidy(long height) {
        return 50_0000_0000L >> (height / 150);
    }

    private Coin nextCoin() {
        String hash = node.getBlockHash(nextCoinHeight++);
        Transaction coinbase = Block.parse(node.getBlockBytes(hash)).transactions().get(0);
        for (int i = 0; i < coinbase.outputs().size(); i++) {
            if (java.util.Arrays.equals(coinbase.outputs().get(i).script(), key.p2wpkhScript())) {
                return new Coin(coinbase.txid(), i, coinbase.outputs().get(i).value());
            }
        }
        throw new AssertionError("block " + hash + " does not pay the test key");
    }

    private static ListAppender<ILoggingEvent> capture(String loggerName) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
        return appender;
    }

    private static void detach(String loggerName, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(loggerName)).detachAppender(appender);
    }
}
