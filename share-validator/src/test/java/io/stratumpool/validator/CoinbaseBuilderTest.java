package io.stratumpool.validator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoinbaseBuilderTest {
    private static final byte[] P2PKH = Hex.decode("76a914" + "22".repeat(20) + "88ac");
    private static final byte[] P2WPKH = Hex.decode("0014" + "11".repeat(20));

    @ParameterizedTest
    @CsvSource({
        "1, 51", "16, 60", "17, 0111", "127, 017f", "128, 028000", "255, 02ff00", "256, 020001",
        "32767, 02ff7f", "32768, 03008000", "926485, 0315230e", "1263442, 03524713", "8388608, 0400008000"})
    void bip34HeightPushIsMinimalAsBitcoinCoreWritesIt(long height, String hex) {
        assertEquals(hex, Hex.encode(Script.bip34HeightPush(height)));
        assertEquals(height, Script.parseBip34Height(Script.bip34HeightPush(height)));
    }

    @Test
    void realCoinbasesStartWithTheirBip34Height() {
        // testnet3 926485 and 1263442 from the vectors: the pushes above are what those blocks carry.
        for (var block : Vectors.blocks()) {
            if (block.get("height").asLong() < 227_931) {
                continue; // before BIP34
            }
            Transaction cb = Transaction.parse(Hex.decode(block.get("coinbase_hex_no_witness").asText()));
            byte[] push = Script.bip34HeightPush(block.get("height").asLong());
            assertArrayEquals(push, java.util.Arrays.copyOf(cb.inputs().get(0).scriptSig(), push.length));
        }
    }

    @Test
    void buildsAParsableSegwitCoinbaseSplitAroundTheExtranonce() {
        byte[] commitment = Merkle.witnessCommitmentScript(Hash256.of(new byte[] {1}));
        Coinbase cb = new CoinbaseBuilder().height(840_000).coinbaseValue(312_500_000L).poolTag("/StratumPool/")
                .extranonceSizes(4, 8).payout(300_000_000L, P2WPKH).payout(12_500_000L, P2PKH)
                .witnessCommitmentScript(commitment).build();
        byte[] en1 = Hex.decode("01020304");
        byte[] en2 = Hex.decode("0a0b0c0d0e0f1011");
        Transaction tx = Transaction.parse(cb.withoutWitness(en1, en2));
        assertTrue(tx.isCoinbase());
        byte[] scriptSig = tx.inputs().get(0).scriptSig();
        assertEquals(840_000, Script.parseBip34Height(scriptSig));
        assertEquals("01020304" + "0a0b0c0d0e0f1011", Hex.encode(scriptSig, scriptSig.length - 12, 12));
        assertEquals(3, tx.outputs().size());
        assertEquals(312_500_000L, tx.outputs().get(0).value() + tx.outputs().get(1).value());
        assertArrayEquals(commitment, tx.outputs().get(2).script());
        assertEquals(0, tx.outputs().get(2).value());

        Transaction withWitness = Transaction.parse(cb.forBlock(en1, en2));
        assertTrue(withWitness.hasWitness());
        assertArrayEquals(new byte[32], withWitness.witnesses().get(0).get(0));
        assertEquals(tx.txid(), withWitness.txid());
    }

    @Test
    void coinbaseWithoutCommitmentHasNoWitness() {
        Coinbase cb = new CoinbaseBuilder().height(5).coinbaseValue(5_000_000_000L).payout(5_000_000_000L, P2PKH).build();
        byte[] en1 = new byte[4];
        byte[] en2 = new byte[4];
        assertFalse(cb.segwit());
        assertArrayEquals(cb.withoutWitness(en1, en2), cb.forBlock(en1, en2));
    }

    @Test
    void rejectsScriptSigOverOneHundredBytesNamingThePoolTag() {
        CoinbaseBuilder b = new CoinbaseBuilder().height(840_000).coinbaseValue(1).payout(1, P2WPKH)
                .poolTag("x".repeat(85)).extranonceSizes(4, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("101 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("pool tag"), e.getMessage());
        b.poolTag("x".repeat(84));
        assertEquals(100, Transaction.parse(b.build().withoutWitness(new byte[4], new byte[8])).inputs().get(0).scriptSig().length);
    }

    @Test
    void rejectsPayoutsThatDoNotSumToTheCoinbaseValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CoinbaseBuilder()
                .height(1000).coinbaseValue(100).payouts(List.of(new CoinbaseOutput(60, P2WPKH), new CoinbaseOutput(39, P2PKH)))
                .build());
        assertTrue(e.getMessage().contains("99"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CoinbaseBuilder().height(1000).coinbaseValue(100).build());
        assertThrows(IllegalStateException.class, () -> new CoinbaseBuilder().coinbaseValue(100).payout(100, P2WPKH).build());
        assertThrows(IllegalArgumentException.class, () -> new CoinbaseOutput(-1, P2WPKH));
    }

    @Test
    void rejectsExtranonceOfTheWrongSize() {
        Coinbase cb = new CoinbaseBuilder().height(1000).coinbaseValue(1).payout(1, P2WPKH).build();
        assertThrows(IllegalArgumentException.class, () -> cb.withoutWitness(new byte[3], new byte[4]));
        assertThrows(IllegalArgumentException.class, () -> new CoinbaseBuilder().extranonceSizes(4, 0));
    }

    @Test
    void sizeWithoutPayoutsPlusEachOutputIsTheSerializedSizeWithoutWitness() {
        byte[] commitment = Hex.decode("6a24aa21a9ed" + "11".repeat(32));
        for (int payouts : new int[] {1, 2, 30, 252}) {
            CoinbaseBuilder b = new CoinbaseBuilder().height(840_000).coinbaseValue(payouts * 1000L).poolTag("/StratumPool/")
                    .extranonceSizes(4, 8).witnessCommitmentScript(commitment);
            int expected = b.sizeWithoutPayouts();
            for (int i = 0; i < payouts; i++) {
                byte[] script = i % 2 == 0 ? P2WPKH : P2PKH;
                b.payout(1000, script);
                expected += CoinbaseBuilder.outputSize(script.length);
            }
            // 252 payouts + the commitment make 253 outputs: the count takes 3 bytes, not 1
            int countBytes = payouts + 1 < 253 ? 0 : 2;
            assertEquals(expected + countBytes, b.build().length(), payouts + " payouts");
        }
    }
}
