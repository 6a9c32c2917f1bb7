package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.block.BlockRecord;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.BlockSubmitter.SubmitOutcome;
import io.stratumpool.pool.block.InMemoryBlockRepository;
import io.stratumpool.pool.node.P2wpkhTransactions.Coin;
import io.stratumpool.pool.node.P2wpkhTransactions.Payment;
import io.stratumpool.pool.node.config.NodeConfig;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.Script;
import io.stratumpool.validator.TemplateTransaction;
import io.stratumpool.validator.Transaction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Templates from a real bcoin node become blocks that bcoin accepts: after segwit activation
 * (bcoin's regtest activates it at height 432), with real mempool transactions including a
 * parent/child pair, and corrupted blocks are refused with the node's reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeBlockIT {
    private static final int SEGWIT_HEIGHT = 432;
    private final TestKey key = TestKey.fromSeed("NodeBlockIT");
    private final InMemoryBlockRepository repository = new InMemoryBlockRepository(Clock.systemUTC());
    private BcoinNode node;
    private NodeBlockSubmitter submitter;
    private NodeTemplateSource source;
    private int nextCoinHeight = 1;

    @BeforeAll
    void startNode() throws Exception {
        node = BcoinNode.start("blocks");
        node.generateToAddress(SEGWIT_HEIGHT - 1, key.address("rb"));
        NodeConfig config = NodeConfig.of(List.of(node.endpoint()));
        submitter = new NodeBlockSubmitter(config, repository, Clock.systemUTC(), NodeRpcListener.NONE);
        source = new NodeTemplateSource(config, Clock.systemUTC(), NodeRpcListener.NONE);
    }

    @AfterAll
    void stopNode() {
        if (submitter != null) {
            submitter.close();
        }
        if (source != null) {
            source.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void segwitTemplateBecomesAnAcceptedBlockWithTheRightBip34Height() throws Exception {
        JsonNode json = node.getBlockTemplate();
        assertTrue(json.get("rules").toString().contains("segwit"), "segwit active at 432: " + json.get("rules"));
        BlockTemplate template = TemplateParser.parse(json).template();
        assertEquals(SEGWIT_HEIGHT, template.height());
        assertTrue(template.hasWitnessCommitment());

        TestBlocks.Solved solved = TestBlocks.solve(template, key.p2wpkhScript());
        SubmitOutcome outcome = submitter.submit(solved.found()).get(30, TimeUnit.SECONDS);

        assertEquals(SubmitOutcome.ok(), outcome);
        assertEquals(SEGWIT_HEIGHT, node.getBlockCount());
        assertEquals(solved.hash().toHexReversed(), node.getBestBlockHash());
        assertEquals(BlockStatus.ACCEPTED, repository.find(solved.hash()).orElseThrow().status());
        Transaction coinbase = TestBlocks.parse(node.getBlockBytes(solved.hash().toHexReversed())).coinbase();
        assertEquals(SEGWIT_HEIGHT, Script.parseBip34Height(coinbase.inputs().get(0).scriptSig()));
        assertTrue(coinbase.hasWitness(), "coinbase carries the witness reserved value");
        assertNotNull(Merkle.findWitnessCommitment(coinbase.outputs()));
    }

    @Test
    @Order(2)
    void templateWithMempoolParentAndChildIsMinedAndAccepted() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        byte[] parent = P2wpkhTransactions.spend(key, List.of(nextCoin()), List.of(
                new Payment(20_0000_0000L, key.p2wpkhScript()), new Payment(29_9999_0000L, key.p2wpkhScript())));
        byte[] child = P2wpkhTransactions.spendToSelf(key, P2wpkhTransactions.output(parent, 0), 20_000);
        sent.add(parent);
        sent.add(child);
        for (int i = 0; i < 3; i++) {
            sent.add(P2wpkhTransactions.spendToSelf(key, nextCoin(), 5_000 + i));
        }
        // bcoin caches its template: a transaction arriving within 10 s of it is not picked up...
        assertEquals(0, node.getBlockTemplate().get("transactions").size());
        node.sendRawTransaction(parent);
        assertEquals(0, node.getBlockTemplate().get("transactions").size(), "bcoin's template cache");
        // ...one arriving later refreshes it (bcoin compares whole seconds, hence > 11 s). Its clock, not ours.
        Thread.sleep(11_500);
        sent.subList(1, sent.size()).forEach(node::sendRawTransaction);

        BlockTemplate template = TemplateParser.parse(node.getBlockTemplate()).template();

        assertEquals(sent.size(), template.transactions().size(), "all mempool transactions in the template");
        int parentIndex = indexOf(template, Transaction.parse(parent).txid());
        TemplateTransaction childTx = template.transactions().get(indexOf(template, Transaction.parse(child).txid()));
        assertEquals(List.of(parentIndex + 1), childTx.depends(), "child depends on its parent (1-based)");
        assertTrue(template.transactions().stream().allMatch(t -> !t.txid().equals(t.wtxid())), "segwit spends");
        TestBlocks.Solved solved = TestBlocks.solve(template, key.p2wpkhScript());
        assertEquals(3, solved.job().merkleBranch().size(), "6 leaves: a 3-level merkle branch");

        assertEquals(SubmitOutcome.ok(), submitter.submit(solved.found()).get(30, TimeUnit.SECONDS));
        assertEquals(solved.hash().toHexReversed(), node.getBestBlockHash());
        assertEquals(sent.size() + 1, TestBlocks.parse(node.getBlockBytes(node.getBestBlockHash())).transactions().size());
        assertEquals(0, node.rpc("getmempoolinfo").get("size").asInt(), "the block emptied the mempool");
    }

    @Test
    @Order(3)
    void corruptedBlocksAreRejectedWithTheNodesReasonAndRecorded() throws Exception {
        BlockTemplate template = TemplateParser.parse(node.getBlockTemplate()).template();
        TestBlocks.Solved good = TestBlocks.solve(template, key.p2wpkhScript());
        byte[] badMerkle = TestBlocks.withHeader(good.block(), b -> b[40] ^= 1, template.networkTarget());
        TestBlocks.Solved badAmount = TestBlocks.solve(withCoinbaseValue(template, template.coinbaseValue() + 1),
                key.p2wpkhScript());

        SubmitOutcome merkle = submitter.submit(found(good, badMerkle)).get(30, TimeUnit.SECONDS);
        SubmitOutcome amount = submitter.submit(badAmount.found()).get(30, TimeUnit.SECONDS);

        assertEquals(SubmitOutcome.rejected("bad-txnmrklroot"), merkle);
        assertEquals(SubmitOutcome.rejected("bad-cb-amount"), amount);
        BlockRecord record = repository.find(TestBlocks.hashOf(badMerkle)).orElseThrow();
        assertEquals(BlockStatus.REJECTED, record.status());
        assertEquals("bad-txnmrklroot", record.reason());
        assertEquals(BlockStatus.REJECTED, repository.find(badAmount.hash()).orElseThrow().status());
        assertEquals(template.height() - 1, node.getBlockCount(), "the tip did not move");
    }

    @Test
    @Order(4)
    void proposalsPassValidBlocksWhateverTheNonceAndRejectCorruptedOnes() throws Exception {
        BlockTemplate template = TemplateParser.parse(node.getBlockTemplate()).template();
        TestBlocks.Solved good = TestBlocks.solve(template, key.p2wpkhScript());
        byte[] unsolved = good.block().clone();
        unsolved[76] ^= 0x55; // BIP23 checks everything but the proof of work
        byte[] badMerkle = good.block().clone();
        badMerkle[40] ^= 1;
        TestBlocks.Solved badAmount = TestBlocks.solve(withCoinbaseValue(template, template.coinbaseValue() + 1),
                key.p2wpkhScript());

        assertEquals(Optional.empty(), source.propose(template, good.block()).get(10, TimeUnit.SECONDS));
        assertEquals(Optional.empty(), source.propose(template, unsolved).get(10, TimeUnit.SECONDS));
        assertEquals(Optional.of("bad-txnmrklroot"), source.propose(template, badMerkle).get(10, TimeUnit.SECONDS));
        assertEquals(Optional.of("bad-cb-amount"), source.propose(template, badAmount.block()).get(10, TimeUnit.SECONDS));
        assertFalse(node.getBestBlockHash().equals(good.hash().toHexReversed()), "a proposal never mines");
    }

    private Coin nextCoin() {
        String hash = node.getBlockHash(nextCoinHeight++);
        Transaction coinbase = TestBlocks.parse(node.getBlockBytes(hash)).coinbase();
        for (int i = 0; i < coinbase.outputs().size(); i++) {
            if (java.util.Arrays.equals(coinbase.outputs().get(i).script(), key.p2wpkhScript())) {
                return new Coin(coinbase.txid(), i, coinbase.outputs().get(i).value());
            }
        }
        throw new AssertionError("block " + hash + " does not pay the test key");
    }

    private static int indexOf(BlockTemplate template, Hash256 txid) {
        for (int i = 0; i < template.transactions().size(); i++) {
            if (template.transactions().get(i).txid().equals(txid)) {
                return i;
            }
        }
        throw new AssertionError(txid + " not in the template");
    }

    private static BlockTemplate withCoinbaseValue(BlockTemplate t, long value) {
        return new BlockTemplate(t.height(), t.version(), t.prevHash(), t.nBits(), t.curTime(), t.minTime(), value,
                t.transactions(), t.witnessCommitmentScript(), t.coinbaseAuxFlags());
    }

    private static io.stratumpool.pool.block.FoundBlock found(TestBlocks.Solved base, byte[] block) {
        io.stratumpool.pool.block.FoundBlock f = base.found();
        return new io.stratumpool.pool.block.FoundBlock(TestBlocks.hashOf(block), f.height(), f.prevHash(), block,
                f.user(), f.worker(), f.shareDifficulty(), f.networkDifficulty(), f.reward());
    }
}
