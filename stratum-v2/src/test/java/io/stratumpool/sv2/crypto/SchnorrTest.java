package io.stratumpool.sv2.crypto;

import static io.stratumpool.sv2.crypto.Csv.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BIP340 against every row of bip-0340/test-vectors.csv (bitcoin/bips, see SOURCES.md). */
class SchnorrTest {
    private static final List<Map<String, String>> VECTORS = Csv.rows("/bip-0340/test-vectors.csv");

    static Stream<Arguments> vectors() {
        return VECTORS.stream().map(row -> Arguments.of(row.get("index"), row));
    }

    @Test
    void readsAllNineteenVectors() {
        assertEquals(19, VECTORS.size());
    }

    @ParameterizedTest(name = "vector {0}")
    @MethodSource("vectors")
    void verifiesAsTheVectorSays(String index, Map<String, String> row) {
        boolean expected = Boolean.parseBoolean(row.get("verification result").toLowerCase());
        assertEquals(expected, Schnorr.verify(hex(row.get("message")), hex(row.get("public key")), hex(row.get("signature"))),
                "vector " + index + " " + row.get("comment"));
    }

    @ParameterizedTest(name = "vector {0}")
    @MethodSource("vectors")
    void signsExactlyTheVectorSignature(String index, Map<String, String> row) {
        if (row.get("secret key").isEmpty()) {
            return; // verification-only vector
        }
        byte[] secretKey = hex(row.get("secret key"));
        assertArrayEquals(hex(row.get("public key")), Schnorr.publicKey(secretKey));
        byte[] signature = Schnorr.sign(hex(row.get("message")), secretKey, hex(row.get("aux_rand")));
        assertArrayEquals(hex(row.get("signature")), signature, "vector " + index);
    }

    @Test
    void verificationFailsForAnotherMessage() {
        Map<String, String> row = VECTORS.get(1);
        byte[] message = hex(row.get("message"));
        message[0] ^= 1;
        assertFalse(Schnorr.verify(message, hex(row.get("public key")), hex(row.get("signature"))));
        assertTrue(Schnorr.verify(hex(row.get("message")), hex(row.get("public key")), hex(row.get("signature"))));
    }

    @Test
    void malformedLengthsAreInvalidNotErrors() {
        Map<String, String> row = VECTORS.get(1);
        assertFalse(Schnorr.verify(hex(row.get("message")), new byte[31], hex(row.get("signature"))));
        assertFalse(Schnorr.verify(hex(row.get("message")), hex(row.get("public key")), new byte[63]));
    }

    @Test
    void refusesSecretKeysOutsideOneToOrder() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Schnorr.sign(new byte[32], new byte[32], new byte[32]));
        assertTrue(zero.getMessage().contains("secret key"), zero.getMessage());
        byte[] order = Secp256k1.bytes32(Secp256k1.N);
        assertThrows(IllegalArgumentException.class, () -> Schnorr.publicKey(order));
        assertThrows(IllegalArgumentException.class, () -> Schnorr.sign(new byte[32], new byte[16], new byte[32]));
    }
}
