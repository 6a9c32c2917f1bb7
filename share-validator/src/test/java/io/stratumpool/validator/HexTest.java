package io.stratumpool.validator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void roundTripsBothCases() {
        assertArrayEquals(new byte[] {0x00, (byte) 0xab, (byte) 0xff, 0x10}, Hex.decode("00ABff10"));
        assertEquals("00abff10", Hex.encode(Hex.decode("00ABff10")));
        assertEquals("10ffab00", Hex.encodeReversed(Hex.decode("00abff10")));
        assertArrayEquals(Hex.decode("10ffab00"), Hex.decodeReversed("00abff10"));
    }

    @Test
    void rejectsOddLengthAndNonHexCharacters() {
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("abc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hex.decode("zz"));
        assertTrue(e.getMessage().contains("position 0"));
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("0\u00e9"));
        assertFalse(Hex.isHex("0g"));
        assertFalse(Hex.isHex(null));
    }

    @Test
    void parsesExactlyEightHexDigitsAsUnsigned32() {
        assertEquals(0xffffffffL, Hex.parseUInt32("ffffffff"));
        assertEquals(0x57ca03aeL, Hex.parseUInt32("57CA03AE"));
        assertEquals(-1, Hex.parseUInt32("57ca03a"));
        assertEquals(-1, Hex.parseUInt32("57ca03aee"));
        assertEquals(-1, Hex.parseUInt32("57ca03ag"));
        assertEquals(-1, Hex.parseUInt32(null));
    }

    @Test
    void decodeIntoChecksLengthAndDigits() {
        byte[] dst = new byte[6];
        assertTrue(Hex.decodeInto("a1b2c3d4", dst, 2, 4));
        assertArrayEquals(new byte[] {0, 0, (byte) 0xa1, (byte) 0xb2, (byte) 0xc3, (byte) 0xd4}, dst);
        assertFalse(Hex.decodeInto("a1b2c3", dst, 0, 4));
        assertFalse(Hex.decodeInto("a1b2c3x4", dst, 0, 4));
    }
}
