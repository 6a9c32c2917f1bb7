package io.stratumpool.validator.address;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.validator.address.Bech32.Encoding;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Bech32Test {

    private static final HexFormat HEX = HexFormat.of();

    // Source: BIP-173, "Test vectors": the strings that are valid Bech32.
    @ParameterizedTest
    @ValueSource(strings = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    })
    void decodesBip173ValidStringsAsBech32(String text) {
        assertDecodesAndReencodes(text, Encoding.BECH32);
    }

    // Source: BIP-350, "Test vectors for Bech32m": the strings that are valid Bech32m (and so invalid Bech32).
    @ParameterizedTest
    @ValueSource(strings = {
        "A1LQFN3A",
        "a1lqfn3a",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
        "?1v759aa",
    })
    void decodesBip350ValidStringsAsBech32m(String text) {
        assertDecodesAndReencodes(text, Encoding.BECH32M);
    }

    static Stream<Arguments> invalidStrings() {
        return Stream.of(
                // Source: BIP-173, "Test vectors": strings that are not valid Bech32, with the BIP's reason.
                Arguments.of("\u00201nwldj5", "invalid character U+0020 at position 0"), // HRP character out of range
                Arguments.of("\u007f1axkwrx", "invalid character U+007F at position 0"), // HRP character out of range
                Arguments.of("\u00801eym55h", "invalid character U+0080 at position 0"), // HRP character out of range
                Arguments.of("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
                        "too long (91 chars, max 90)"), // overall max length exceeded
                Arguments.of("pzry9x0s0muk", "missing separator '1'"), // no separator character
                Arguments.of("1pzry9x0s0muk", "empty human-readable part"), // empty HRP
                Arguments.of("x1b4n0q5v", "invalid character 'b' at position 2"), // invalid data character
                Arguments.of("li1dgmt3", "checksum too short"), // too short checksum
                Arguments.of("de1lg7wt\u00ff", "invalid character U+00FF at position 8"), // invalid char in checksum
                Arguments.of("A1G7SGD8", "bad checksum"), // checksum calculated with uppercase form of HRP
                Arguments.of("10a06t8", "empty human-readable part"), // empty HRP
                Arguments.of("1qzzfhee", "empty human-readable part"), // empty HRP
                // Source: BIP-350, "Test vectors for Bech32m": strings that are not valid Bech32m, with reasons.
                Arguments.of("\u00201xj0phk", "invalid character U+0020 at position 0"), // HRP character out of range
                Arguments.of("\u007f1g6xzxy", "invalid character U+007F at position 0"), // HRP character out of range
                Arguments.of("\u00801vctc34", "invalid character U+0080 at position 0"), // HRP character out of range
                Arguments.of("an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
                        "too long (91 chars, max 90)"), // overall max length exceeded
                Arguments.of("qyrz8wqd2c9m", "missing separator '1'"), // no separator character
                Arguments.of("1qyrz8wqd2c9m", "empty human-readable part"), // empty HRP
                Arguments.of("y1b0jsk6g", "invalid character 'b' at position 2"), // invalid data character
                Arguments.of("lt1igcx5c0", "invalid character 'i' at position 3"), // invalid data character
                Arguments.of("in1muywd", "checksum too short"), // too short checksum
                Arguments.of("mm1crxm3i", "invalid character 'i' at position 8"), // invalid character in checksum
                Arguments.of("au1s5cgom", "invalid character 'o' at position 7"), // invalid character in checksum
                Arguments.of("M1VUXWEZ", "bad checksum"), // checksum calculated with uppercase form of HRP
                Arguments.of("16plkw9", "empty human-readable part"), // empty HRP
                Arguments.of("1p2gdwpf", "empty human-readable part"), // empty HRP
                // Own cases for the remaining invariants.
                Arguments.of("", "empty bech32 string"),
                Arguments.of("A12UEl5L", "mixed case"),
                Arguments.of("a12uel5m", "bad checksum"));
    }

    @ParameterizedTest
    @MethodSource("invalidStrings")
    void rejectsInvalidStringsNamingTheProblem(String text, String expectedProblem) {
        AddressException e = assertThrows(AddressException.class, () -> Bech32.decode(text));
        assertTrue(e.getMessage().startsWith(expectedProblem), () -> "expected \"" + expectedProblem + "\" but got \""
                + e.getMessage() + "\"");
    }

    @Test
    void rejectsNull() {
        assertThrows(AddressException.class, () -> Bech32.decode(null));
    }

    @Test
    void encodesTheBip173MainnetP2wpkhExample() {
        // Source: BIP-173 "Examples": mainnet P2WPKH for key 0279BE66...; program from its scriptPubKey vector.
        byte[] program = HEX.parseHex("751e76e8199196d454941c45d1b3a323f1433bd6");
        byte[] values = prepend((byte) 0, Bech32.convertBits(program, 8, 5, true));
        assertEquals("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", Bech32.encode("bc", values, Encoding.BECH32));
    }

    @Test
    void encodesLowercaseEvenForAnUppercaseHrp() {
        assertEquals("a12uel5l", Bech32.encode("A", new byte[0], Encoding.BECH32));
    }

    @Test
    void refusesToEncodeValuesWiderThanFiveBits() {
        assertThrows(AddressException.class, () -> Bech32.encode("bc", new byte[] {0, 32}, Encoding.BECH32M));
    }

    @Test
    void refusesToEncodeStringsLongerThanNinetyChars() {
        AddressException e = assertThrows(AddressException.class,
                () -> Bech32.encode("bc", new byte[82], Encoding.BECH32));
        assertTrue(e.getMessage().contains("too long (91 chars"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "\u00e9"})
    void refusesToEncodeAnInvalidHrp(String hrp) {
        assertThrows(AddressException.class, () -> Bech32.encode(hrp, new byte[0], Encoding.BECH32));
    }

    @Test
    void regroupsEightBitBytesToFiveBitValuesAndBack() {
        byte[] bytes = HEX.parseHex("000102ff80417fc3");
        byte[] values = Bech32.convertBits(bytes, 8, 5, true);
        assertEquals(13, values.length); // 64 bits -> 12 full groups + 4 bits padded
        assertArrayEquals(bytes, Bech32.convertBits(values, 5, 8, false));
    }

    @Test
    void rejectsInputValuesWiderThanTheSourceWidth() {
        AddressException e = assertThrows(AddressException.class,
                () -> Bech32.convertBits(new byte[] {1, 32}, 5, 8, false));
        assertTrue(e.getMessage().contains("value 32 at index 1"), e.getMessage());
    }

    @Test
    void rejectsFiveOrMorePaddingBitsWhenDecoding() {
        // 2 values = 10 bits: one byte and 2 bits of padding is fine; 3 values = 15 bits leaves 7 > 4 bits.
        assertEquals(1, Bech32.convertBits(new byte[] {1, 0}, 5, 8, false).length);
        AddressException e = assertThrows(AddressException.class,
                () -> Bech32.convertBits(new byte[] {0, 0, 0}, 5, 8, false));
        assertTrue(e.getMessage().contains("too much padding (7 bits"), e.getMessage());
    }

    @Test
    void rejectsNonZeroPaddingBitsWhenDecoding() {
        AddressException e = assertThrows(AddressException.class,
                () -> Bech32.convertBits(new byte[] {0, 1}, 5, 8, false));
        assertTrue(e.getMessage().contains("non-zero padding"), e.getMessage());
    }

    @Test
    void rejectsBitWidthsOutsideOneToEight() {
        assertThrows(IllegalArgumentException.class, () -> Bech32.convertBits(new byte[0], 5, 9, true));
        assertThrows(IllegalArgumentException.class, () -> Bech32.convertBits(new byte[0], 0, 8, true));
    }

    @Test
    void returnsACopyOfTheDecodedValues() {
        Bech32.Decoded decoded = Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw");
        decoded.values()[0] = 31;
        assertEquals(0, decoded.values()[0]);
    }

    private static void assertDecodesAndReencodes(String text, Encoding expected) {
        Bech32.Decoded decoded = Bech32.decode(text);
        assertEquals(expected, decoded.encoding());
        String lower = text.toLowerCase(Locale.ROOT);
        assertEquals(lower.substring(0, lower.lastIndexOf('1')), decoded.hrp());
        assertEquals(lower, Bech32.encode(decoded.hrp(), decoded.values(), expected));
    }

    private static byte[] prepend(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
