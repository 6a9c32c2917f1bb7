package io.stratumpool.sv2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.sv2.crypto.Base58Check;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The base58check authority key of spec section 4.7, and generated pool keys used end to end. */
class AuthorityKeyTest {
    /** Test vector of sv2-spec 04-Protocol-Security.md, section 4.7.1. */
    private static final byte[] SPEC_RAW_KEY = bytes(118, 99, 112, 0, 151, 156, 28, 17, 175, 12, 48, 11, 205, 140, 127, 228,
            134, 16, 252, 233, 185, 193, 30, 61, 174, 227, 90, 224, 176, 138, 116, 85);
    private static final String SPEC_BASE58 = "9bXiEd8boQVhq7WddEcERUL5tyyJVFYdU8th3HfbNXK3Yw6GRXh";

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void encodesTheSpecVector() {
        assertEquals(SPEC_BASE58, AuthorityKey.encode(SPEC_RAW_KEY));
    }

    @Test
    void decodesTheSpecVector() {
        assertArrayEquals(SPEC_RAW_KEY, AuthorityKey.decode(SPEC_BASE58));
        assertArrayEquals(SPEC_RAW_KEY, AuthorityKey.decode("  " + SPEC_BASE58 + "\n"), "surrounding whitespace from copy and paste");
    }

    @Test
    void refusesABadChecksum() {
        char last = SPEC_BASE58.charAt(SPEC_BASE58.length() - 1);
        String mistyped = SPEC_BASE58.substring(0, SPEC_BASE58.length() - 1) + (last == 'h' ? 'i' : 'h');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthorityKey.decode(mistyped));
        assertEquals("authority public key: base58check: checksum mismatch (mistyped key?)", e.getMessage());
    }

    @Test
    void refusesCharactersOutsideBase58() {
        String withZero = "0" + SPEC_BASE58.substring(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthorityKey.decode(withZero));
        assertEquals("authority public key: base58: '0' at index 0 is not a base58 character", e.getMessage());
    }

    @Test
    void refusesWrongVersionAndLength() {
        byte[] version2 = new byte[34];
        version2[0] = 2;
        System.arraycopy(SPEC_RAW_KEY, 0, version2, 2, 32);
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> AuthorityKey.decode(Base58Check.encode(version2)));
        assertEquals("authority public key: version 2 (expected: 1)", version.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> AuthorityKey.decode(Base58Check.encode(SPEC_RAW_KEY)));
        assertTrue(length.getMessage().contains("32 bytes after base58check decoding"), length.getMessage());
    }

    @Test
    void refusesAKeyOffTheCurve() {
        byte[] offCurve = new byte[32];
        offCurve[31] = 5; // x = 5: 5^3 + 7 is not a square mod p
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthorityKey.decode(AuthorityKey.encode(offCurve)));
        assertEquals("authority public key: not the X coordinate of a secp256k1 point", e.getMessage());
    }

    @Test
    void base58KeepsLeadingZeroBytes() {
        byte[] payload = {0, 0, 1, 2};
        String text = Base58Check.encode(payload);
        assertTrue(text.startsWith("11"), text);
        assertArrayEquals(payload, Base58Check.decode(text));
    }

    @Test
    void generatedKeysHandshakeThroughTheBase58Key() throws NoiseException {
        SecureRandom random = new SecureRandom();
        PoolKeys keys = PoolKeys.generate(random);
        Instant now = Instant.parse("2026-12-02T08:00:00Z");
        String typedIntoFirmware = keys.authorityPublicKeyBase58();
        NoiseInitiator miner = new NoiseInitiator(AuthorityKey.decode(typedIntoFirmware), Clock.fixed(now, ZoneOffset.UTC), random);
        NoiseResponder pool = new NoiseResponder(keys.staticKeyPair(random), keys.certificate(now, now.plusSeconds(60), random), random);
        assertNotNull(miner.finish(pool.respond(miner.start())));
        assertFalse(keys.toString().contains(java.util.HexFormat.of().formatHex(keys.authoritySecretKey())));
    }

    @Test
    void poolKeysRefuseAnInvalidSecret() {
        assertThrows(IllegalArgumentException.class, () -> new PoolKeys(new byte[32], new byte[32]));
    }
}
