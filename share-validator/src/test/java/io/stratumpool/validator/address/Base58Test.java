package io.stratumpool.validator.address;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base58Test {

    private static final HexFormat HEX = HexFormat.of();

    // Source: Bitcoin Core src/test/data/base58_encode_decode.json (hex, base58). The 256-byte vector is omitted for
    // width; the round-trip test below covers long inputs.
    @ParameterizedTest
    @CsvSource({
        "'', ''",
        "61, 2g",
        "626262, a3gV",
        "636363, aPEr",
        "73696d706c792061206c6f6e6720737472696e67, 2cFupjhnEsSn59qHXstmK2ffpLv2",
        "00eb15231dfceb60925886b67d065299925915aeb172c06647, 1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        "516b6fcd0f, ABnLTmg",
        "bf4f89001e670274dd, 3SEo3LWLoPntC",
        "572e4794, 3EFU7m",
        "ecac89cad93923c02321, EJDM8drfXA6uyA",
        "10c8511e, Rt5zm",
        "00000000000000000000, 1111111111",
        "00000000000000000000000000000000000000000000000000000000000000000000000000000000, 1111111111111111111111111111111111111111",
        "00000000000000000000000000000000000000000000000000000000000000000000000000000001, 1111111111111111111111111111111111111112",
        "000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5, 123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
        "271F359E, zzzzy",
        "271F359F, zzzzz",
        "271F35A0, 211111",
        "271F35A1, 211112",
    })
    void encodesAndDecodesBitcoinCoreVectors(String hex, String base58) {
        byte[] data = HEX.parseHex(hex.toLowerCase());
        assertEquals(base58, Base58.encode(data));
        assertArrayEquals(data, Base58.decode(base58));
    }

    @Test
    void roundTripsEveryByteValueWithLeadingZeros() {
        byte[] data = new byte[260];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i < 3 ? 0 : i);
        }
        assertArrayEquals(data, Base58.decode(Base58.encode(data)));
    }

    @ParameterizedTest
    @CsvSource({"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0, 33", "O, 0", "1I, 1", "1l1, 1", "a+b, 1"})
    void rejectsCharactersOutsideTheBase58Alphabet(String text, int position) {
        AddressException e = assertThrows(AddressException.class, () -> Base58.decode(text));
        assertEquals("invalid base58 character '" + text.charAt(position) + "' at position " + position,
                e.getMessage());
    }

    @Test
    void rejectsNonAsciiAndSpaceCharactersShowingTheirCodePoint() {
        AddressException e = assertThrows(AddressException.class, () -> Base58.decode("1\u00e91"));
        assertEquals("invalid base58 character U+00E9 at position 1", e.getMessage());
        AddressException space = assertThrows(AddressException.class, () -> Base58.decode("abc def"));
        assertEquals("invalid base58 character U+0020 at position 3", space.getMessage());
    }

    @Test
    void decodeCheckedStripsTheChecksumOfTheGenesisCoinbaseAddress() {
        // Genesis block coinbase output address and its hash160 (block 0, widely published).
        byte[] payload = Base58.decodeChecked("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
        assertEquals("0062e907b15cbf27d5425399ebf6f0fb50ebb88f18", HEX.formatHex(payload));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00", "00ff", "0062e907b15cbf27d5425399ebf6f0fb50ebb88f18", "8000112233"})
    void encodeCheckedAppendsTheSameChecksumAsAnIndependentSha256(String hex) {
        byte[] payload = HEX.parseHex(hex);
        String encoded = Base58.encodeChecked(payload);
        assertEquals(Base58.encode(withBouncyCastleChecksum(payload)), encoded);
        assertArrayEquals(payload, Base58.decodeChecked(encoded));
    }

    @Test
    void rejectsBadChecksum() {
        AddressException e = assertThrows(AddressException.class,
                () -> Base58.decodeChecked("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
        assertTrue(e.getMessage().contains("bad checksum"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "111", "2g"})
    void rejectsCheckedDataShorterThanTheChecksum(String text) {
        AddressException e = assertThrows(AddressException.class, () -> Base58.decodeChecked(text));
        assertTrue(e.getMessage().contains("too short for a checksum"), e.getMessage());
    }

    /** Test helper: base58check built with BouncyCastle's SHA-256, independent of the code under test. */
    static byte[] withBouncyCastleChecksum(byte[] payload) {
        byte[] hash = sha256(sha256(payload));
        byte[] out = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(hash, 0, out, payload.length, 4);
        return out;
    }

    private static byte[] sha256(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
