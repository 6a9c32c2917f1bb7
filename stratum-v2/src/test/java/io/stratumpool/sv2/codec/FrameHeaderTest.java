package io.stratumpool.sv2.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameHeaderTest {
    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void channelMessageFlagIsTheMostSignificantBitOfExtensionType() {
        FrameHeader header = FrameHeader.of(0, true, 0x1a, 0x123456);
        assertEquals(0x8000, header.extensionType());
        // extension_type 0x8000 little-endian, msg_type 0x1a, msg_length 0x123456 little-endian
        assertArrayEquals(hex("00801a563412"), header.encode());
        assertTrue(header.channelMessage());
        assertEquals(0, header.extension());
    }

    @Test
    void decodesLittleEndianFields() throws Sv2DecodeException {
        FrameHeader header = FrameHeader.decode(hex("ff" + "01020300" + "0a00"), 1);
        assertEquals(0x0201, header.extensionType());
        assertEquals(0x03, header.msgType());
        assertEquals(0x0a, header.msgLength() >>> 8);
        assertFalse(header.channelMessage());
        assertEquals(0x0201, header.extension());
    }

    @Test
    void refusesATruncatedHeader() {
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class, () -> FrameHeader.decode(new byte[5], 0));
        assertEquals(Sv2DecodeException.Reason.TRUNCATED, e.reason());
        assertEquals("TRUNCATED: frame header needs 6 bytes, 5 available", e.getMessage());
    }

    @Test
    void refusesOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0, 0, FrameHeader.MAX_MSG_LENGTH + 1));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0x10000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0, 256, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameHeader.of(0x8001, false, 0, 0));
        assertTrue(e.getMessage().contains("channel_msg bit"), e.getMessage());
    }

    @Test
    void largestU24LengthRoundTrips() throws Sv2DecodeException {
        FrameHeader header = new FrameHeader(0x4001, 0xff, FrameHeader.MAX_MSG_LENGTH);
        assertEquals(header, FrameHeader.decode(header.encode(), 0));
    }
}
