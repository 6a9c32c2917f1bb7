package io.stratumpool.sv2.crypto;

import static io.stratumpool.sv2.crypto.Csv.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BIP324 ElligatorSwift against bip-0324's three vector files (bitcoin/bips, see SOURCES.md). */
class EllSwiftTest {
    private static final List<Map<String, String>> DECODE = Csv.rows("/bip-0324/ellswift_decode_test_vectors.csv");
    private static final List<Map<String, String>> INVERSE = Csv.rows("/bip-0324/xswiftec_inv_test_vectors.csv");
    private static final List<Map<String, String>> PACKETS = Csv.rows("/bip-0324/packet_encoding_test_vectors.csv");

    static Stream<Arguments> decodeVectors() {
        return DECODE.stream().map(row -> Arguments.of(row.get("comment"), row));
    }

    static Stream<Arguments> inverseVectors() {
        return INVERSE.stream().map(row -> Arguments.of(row.get("u").substring(0, 8), row));
    }

    static Stream<Arguments> packetVectors() {
        return PACKETS.stream().map(row -> Arguments.of(row.get("in_idx"), row));
    }

    @Test
    void readsEveryVectorFile() {
        assertEquals(76, DECODE.size());
        assertEquals(32, INVERSE.size());
        assertEquals(7, PACKETS.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodeVectors")
    void decodesToTheVectorX(String comment, Map<String, String> row) {
        assertEquals(new BigInteger(row.get("x"), 16), EllSwift.decode(hex(row.get("ellswift"))), comment);
    }

    @ParameterizedTest(name = "u={0}")
    @MethodSource("inverseVectors")
    void invertsEveryCaseAsTheVectorSays(String u0, Map<String, String> row) {
        BigInteger u = new BigInteger(row.get("u"), 16);
        BigInteger x = new BigInteger(row.get("x"), 16);
        for (int c = 0; c < 8; c++) {
            String expected = row.get("case" + c + "_t");
            BigInteger t = EllSwift.xSwiftEcInv(x, u, c);
            if (expected.isEmpty()) {
                assertNull(t, "case " + c + ": " + row.get("comment"));
            } else {
                assertEquals(new BigInteger(expected, 16), t, "case " + c + ": " + row.get("comment"));
                assertEquals(x, EllSwift.xSwiftEc(u, t), "XSwiftEC(u, t) must give x back, case " + c);
            }
        }
    }

    @ParameterizedTest(name = "packet vector {0}")
    @MethodSource("packetVectors")
    void computesTheVectorSharedSecret(String index, Map<String, String> row) {
        byte[] secretKey = hex(row.get("in_priv_ours"));
        byte[] ours = hex(row.get("in_ellswift_ours"));
        byte[] theirs = hex(row.get("in_ellswift_theirs"));
        boolean initiating = row.get("in_initiating").equals("1");
        assertEquals(new BigInteger(row.get("mid_x_ours"), 16), EllSwift.decode(ours));
        assertEquals(new BigInteger(row.get("mid_x_theirs"), 16), EllSwift.decode(theirs));
        assertArrayEquals(hex(row.get("mid_x_ours")), Schnorr.publicKey(secretKey), "our encoding is of our key");
        assertArrayEquals(hex(row.get("mid_x_shared")), EllSwift.ecdhXOnly(theirs, secretKey));
        assertArrayEquals(hex(row.get("mid_shared_secret")), EllSwift.v2Ecdh(secretKey, theirs, ours, initiating));
    }

    @Test
    void encodingsDecodeToTheKeyAndDiffer() {
        SecureRandom random = new SecureRandom();
        EllSwiftKeyPair pair = EllSwiftKeyPair.generate(random);
        assertArrayEquals(pair.xOnlyPublicKey(), Secp256k1.bytes32(EllSwift.decode(pair.ellswift())));
        assertArrayEquals(pair.xOnlyPublicKey(), Schnorr.publicKey(pair.secretKey()));
        EllSwiftKeyPair again = EllSwiftKeyPair.fromSecretKey(pair.secretKey(), random);
        assertNotEquals(java.util.HexFormat.of().formatHex(pair.ellswift()), java.util.HexFormat.of().formatHex(again.ellswift()),
                "the encoding is randomized");
        assertEquals(EllSwift.decode(pair.ellswift()), EllSwift.decode(again.ellswift()));
    }

    @Test
    void bothSidesDeriveTheSameSecret() {
        SecureRandom random = new SecureRandom();
        EllSwiftKeyPair initiator = EllSwiftKeyPair.generate(random);
        EllSwiftKeyPair responder = EllSwiftKeyPair.generate(random);
        assertArrayEquals(initiator.ecdh(responder.ellswift(), true), responder.ecdh(initiator.ellswift(), false));
    }

    @Test
    void refusesEncodingsOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EllSwift.decode(new byte[63]));
        assertEquals("ellswift encoding: 63 bytes (expected: 64 bytes)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EllSwift.encode(BigInteger.valueOf(5), new SecureRandom()), "5 is not a valid X coordinate");
    }
}
