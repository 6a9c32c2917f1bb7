package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.block.BlockStatus;
import io.stratumpool.pool.block.BlockSubmitter.SubmitOutcome;
import io.stratumpool.pool.block.InMemoryBlockRepository;
import io.stratumpool.pool.node.config.NodeConfig;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Coinbase;
import io.stratumpool.validator.CoinbaseBuilder;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.Merkle;
import java.time.Clock;
import java.util.List;
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
 * What bcoin 1.0.2's regtest does differently from Bitcoin Core's, checked rather than assumed:
 * the other integration tests rely on these facts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BcoinRegtestFactsIT {
    private final TestKey key = TestKey.fromSeed("BcoinRegtestFactsIT");
    private final InMemoryBlockRepository repository = new InMemoryBlockRepository(Clock.systemUTC());
    private BcoinNode node;
    private NodeBlockSubmitter submitter;

    @BeforeAll
    void startNode() throws Exception {
        node = BcoinNode.start("facts");
        node.generateToAddress(20, key.address("rb"));
        submitter = new NodeBlockSubmitter(NodeConfig.of(List.of(node.endpoint())), repository, Clock.systemUTC(),
                NodeRpcListener.NONE);
    }

    @AfterAll
    void stopNode() {
        if (submitter != null) {
            submitter.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void beforeHeight432BcoinOffersAWitnessCommitmentButRejectsBlocksThatUseIt() throws Exception {
        JsonNode json = node.getBlockTemplate();
        assertFalse(json.get("rules").toString().contains("segwit"), json.get("rules").toString());
        assertTrue(json.has("default_witness_commitment"));
        BlockTemplate ours = TemplateParser.parse(json).template();
        assertFalse(ours.hasWitnessCommitment(), "the parser drops it without the segwit rule");

        BlockTemplate withCommitment = withCommitment(ours, Merkle.witnessCommitmentScript(
                Merkle.witnessCommitment(List.of(), new byte[32])));
        assertEquals("rejected: unexpected-witness", node.submitBlock(TestBlocks.solve(withCommitment,
                key.p2wpkhScript()).block()));
        assertNull(node.submitBlock(TestBlocks.solve(ours, key.p2wpkhScript()).block()));
    }

    @Test
    @Order(2)
    void bip34HeightIsNotEnforcedSoTheTestsCheckItThemselves() throws Exception {
        BlockTemplate template = TemplateParser.parse(node.getBlockTemplate()).template();
        Coinbase wrongHeight = CoinbaseBuilder.forTemplate(template).height(template.height() + 1000)
                .poolTag(TestBlocks.POOL_TAG).extranonceSizes(4, 4).payout(template.coinbaseValue(), key.p2wpkhScript())
                .build();

        assertNull(node.submitBlock(solve(Job.of("bip34", template, wrongHeight))));
    }

    @Test
    @Order(3)
    void resubmittingAnAcceptedBlockCountsAsAccepted() throws Exception {
        TestBlocks.Solved solved = TestBlocks.solve(TemplateParser.parse(node.getBlockTemplate()).template(),
                key.p2wpkhScript());
        assertNull(node.submitBlock(solved.block()));

        // bcoin answers "rejected: duplicate"; the submitter checks the node has it, as for Core's "duplicate".
        assertEquals(SubmitOutcome.ok(), submitter.submit(solved.found()).get(30, TimeUnit.SECONDS));
        assertEquals(BlockStatus.ACCEPTED, repository.find(solved.hash()).orElseThrow().status());
    }

    @Test
    @Order(4)
    void bcoinRpcDiffersFromCoreInGetblockVerbosityPreciousblockAndTemplateFlags() {
        String best = node.getBestBlockHash();
        assertTrue(node.rpc("getblock", best, false).isTextual(), "verbose=false gives hex");
        assertTrue(node.rpc("getblock", best, 1).isObject(), "1 is taken as true");
        assertThrows(IllegalStateException.class, () -> node.rpc("getblock", best, 2), "no verbosity 2");
        IllegalStateException precious = assertThrows(IllegalStateException.class, () -> node.rpc("preciousblock", best));
        assertTrue(precious.getMessage().contains("-32601"), precious.getMessage());
        JsonNode template = node.getBlockTemplate();
        assertEquals("6d696e65642062792062636f696e", template.get("coinbaseaux").get("flags").asText(), "mined by bcoin");
        assertTrue(template.get("capabilities").toString().contains("proposal"));
    }

    @Test
    @Order(5)
    void aProposalOnAnOldTipIsInconclusive() throws Exception {
        BlockTemplate template = TemplateParser.parse(node.getBlockTemplate()).template();
        TestBlocks.Solved solved = TestBlocks.solve(template, key.p2wpkhScript());
        node.generateToAddress(1, key.address("rb"));

        JsonNode answer = node.rpc("getblocktemplate", java.util.Map.of("mode", "proposal", "data",
                io.stratumpool.validator.Hex.encode(solved.block())));
        assertEquals("inconclusive-not-best-prevblk", answer.asText());
    }

    private static BlockTemplate withCommitment(BlockTemplate t, byte[] commitment) {
        return new BlockTemplate(t.height(), t.version(), t.prevHash(), t.nBits(), t.curTime(), t.minTime(),
                t.coinbaseValue(), t.transactions(), commitment, t.coinbaseAuxFlags());
    }

    private static byte[] solve(Job job) {
        io.stratumpool.validator.ShareValidator validator = new io.stratumpool.validator.ShareValidator();
        for (long nonce = 0; ; nonce++) {
            var verdict = validator.validate(job, TestBlocks.EXTRANONCE1, new io.stratumpool.validator.Submission(
                    "00000001", job.nTimeHex(), String.format("%08x", nonce), null), job.networkTarget(), 0);
            if (verdict.result() == io.stratumpool.validator.Verdict.Result.BLOCK) {
                return job.serializeBlock(verdict.header(), TestBlocks.EXTRANONCE1, verdict.extranonce2());
            }
        }
    }
}
