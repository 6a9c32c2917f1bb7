package io.stratumpool.validator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real block of the vectors, taken apart and rebuilt byte for byte through the pool's own code. */
class RealBlocksTest {

    static Stream<Named<JsonNode>> blocks() {
        return Vectors.blocks().stream().map(b -> Named.of(Vectors.name(b), b));
    }

    static Stream<Named<JsonNode>> headers() {
        return Vectors.headers().stream().map(h -> Named.of(h.get("network").asText() + " " + h.get("height"), h));
    }

    @ParameterizedTest
    @MethodSource("headers")
    void headerHashesToItsKnownHash(JsonNode vector) {
        byte[] header = Hex.decode(vector.get("header_hex").asText());
        assertEquals(vector.get("hash").asText(), Hex.encodeReversed(Sha256d.of(header)));
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void parsedBlockHasTheVectorsTxidsAndMerkleRoot(JsonNode vector) {
        Block block = Block.parse(Hex.decode(vector.get("block_hex").asText()));
        List<String> txids = block.transactions().stream().map(tx -> tx.txid().toHexReversed()).toList();
        List<String> expected = new ArrayList<>();
        vector.get("txids").forEach(t -> expected.add(t.asText()));
        assertEquals(expected, txids);
        assertEquals(vector.get("tx_count").asInt(), block.transactions().size());
        Hash256 root = Merkle.root(block.transactions().stream().map(Transaction::txid).toList());
        assertEquals(vector.get("header").get("merkle_root").asText(), root.toHexReversed());
        assertEquals(root, block.merkleRoot());
        assertEquals(root, block.computeMerkleRoot());
        assertEquals(vector.get("hash").asText(), block.hash().toHexReversed());
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void coinbaseBranchFromTxidsMatchesTheVectors(JsonNode vector) {
        List<Hash256> others = new ArrayList<>();
        vector.get("txids").forEach(t -> others.add(Hash256.fromHexReversed(t.asText())));
        others.remove(0);
        List<String> branch = Merkle.coinbaseBranch(others).stream().map(Hash256::toHex).toList();
        List<String> expected = new ArrayList<>();
        vector.get("coinbase_merkle_branch").forEach(h -> expected.add(h.asText()));
        assertEquals(expected, branch);
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void stratumSplitRebuildsTheCoinbaseAndTheBlockHash(JsonNode vector) {
        JsonNode split = vector.get("stratum_split");
        Block block = Block.parse(Hex.decode(vector.get("block_hex").asText()));
        Job job = jobFromSplit(vector, block);
        byte[] extranonce1 = Hex.decode(split.get("extranonce1").asText());
        byte[] extranonce2 = Hex.decode(split.get("extranonce2").asText());

        assertEquals(vector.get("coinbase_hex_no_witness").asText(),
                Hex.encode(job.coinbase().withoutWitness(extranonce1, extranonce2)));
        Hash256 root = Merkle.foldBranch(job.coinbase().txid(extranonce1, extranonce2), job.merkleBranch());
        assertEquals(vector.get("header").get("merkle_root").asText(), root.toHexReversed());

        Verdict verdict = new ShareValidator().validate(job, extranonce1,
                new Submission(split.get("extranonce2").asText(), split.get("ntime_hex").asText(),
                        split.get("nonce_hex").asText(), null),
                Target.DIFF1, 0);
        assertEquals(Verdict.Result.BLOCK, verdict.result());
        assertEquals(vector.get("hash").asText(), verdict.hashHex());
        assertArrayEquals(block.header(), verdict.header());
        assertTrue(verdict.difficulty() >= job.networkTarget().difficulty());
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void blockReserializesByteForByte(JsonNode vector) {
        JsonNode split = vector.get("stratum_split");
        Block block = Block.parse(Hex.decode(vector.get("block_hex").asText()));
        Job job = jobFromSplit(vector, block);
        byte[] serialized = job.serializeBlock(block.header(), Hex.decode(split.get("extranonce1").asText()),
                Hex.decode(split.get("extranonce2").asText()));
        assertEquals(vector.get("block_hex").asText(), Hex.encode(serialized));
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void witnessCommitmentRecomputesFromWtxids(JsonNode vector) {
        Block block = Block.parse(Hex.decode(vector.get("block_hex").asText()));
        Transaction coinbase = block.transactions().get(0);
        Hash256 declared = Merkle.findWitnessCommitment(coinbase.outputs());
        if (vector.get("witness_commitment").isNull()) {
            assertNull(declared);
            assertTrue(!coinbase.hasWitness());
            return;
        }
        assertNotNull(declared);
        assertEquals(vector.get("witness_commitment").asText(), declared.toHex());
        byte[] reserved = coinbase.witnesses().get(0).get(0);
        List<Hash256> wtxids = block.transactions().subList(1, block.transactions().size()).stream()
                .map(Transaction::wtxid).toList();
        assertEquals(declared, Merkle.witnessCommitment(wtxids, reserved));
        assertArrayEquals(Merkle.witnessCommitmentScript(declared),
                coinbase.outputs().stream().filter(o -> o.script().length == 38 && o.script()[0] == 0x6a)
                        .findFirst().orElseThrow().script());
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void stratumPrevHashNotationRoundTrips(JsonNode vector) {
        Hash256 prev = Hash256.fromHexReversed(vector.get("header").get("prev_hash").asText());
        String stratum = vector.get("stratum_split").get("prevhash_stratum").asText();
        assertEquals(stratum, prev.toStratumHex());
        assertEquals(prev, Hash256.fromStratumHex(stratum));
    }

    /** A job whose coinbase is the vector's split and whose other transactions are the block's own. */
    private static Job jobFromSplit(JsonNode vector, Block block) {
        JsonNode split = vector.get("stratum_split");
        JsonNode header = vector.get("header");
        Coinbase coinbase = new Coinbase(Hex.decode(split.get("coinb1").asText()), Hex.decode(split.get("coinb2").asText()),
                split.get("extranonce1").asText().length() / 2, split.get("extranonce2").asText().length() / 2,
                vector.get("coinbase_has_witness").asBoolean());
        List<TemplateTransaction> txs = block.transactions().subList(1, block.transactions().size()).stream()
                .map(tx -> TemplateTransaction.of(tx.serialized(), 0, List.of())).toList();
        long time = header.get("time").asLong();
        BlockTemplate template = new BlockTemplate(vector.get("height").asLong(),
                (int) Hex.parseUInt32(split.get("version_hex").asText()),
                Hash256.fromHexReversed(header.get("prev_hash").asText()),
                Hex.parseUInt32(split.get("nbits_hex").asText()), time, time,
                block.transactions().get(0).outputs().stream().mapToLong(Transaction.Output::value).sum(),
                txs, null, null);
        return Job.of("vector", template, coinbase);
    }
}
