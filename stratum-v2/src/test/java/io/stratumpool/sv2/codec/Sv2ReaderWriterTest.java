package io.stratumpool.sv2.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The data types of spec section 3.1: byte layout, bounds and decode errors. */
class Sv2ReaderWriterTest {
    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static Sv2Reader reader(String hex) {
        return new Sv2Reader(hex(hex), "Test");
    }

    @Test
    void integersAreLittleEndian() {
        byte[] bytes = new Sv2Writer().u8("a", 0xab).u16("b", 0x1234).u24("c", 0x123456).u32("d", 0x89abcdefL)
                .u64(0x0102030405060708L).f32(1.0f).bool(true).toByteArray();
        assertEquals("ab" + "3412" + "563412" + "efcdab89" + "0807060504030201" + "0000803f" + "01",
                HexFormat.of().formatHex(bytes));
    }

    @Test
    void readsWhatItWrites() throws Sv2DecodeException {
        U256 hash = U256.wrap(hex("00".repeat(31) + "ff"));
        byte[] bytes = new Sv2Writer().u8("a", 7).u16("b", 65535).u24("c", 0xFFFFFF).u32("d", 0xFFFFFFFFL).u64(-1L)
                .f32(1.5e12f).bool(false).u256(hash).str0_255("s", "Bitaxe ⛏").b0_32("x", Bytes.fromHex("0102"))
                .b0_255("y", Bytes.EMPTY).b0_64k("z", Bytes.of(new byte[300])).b0_16m("w", Bytes.fromHex("aa"))
                .seq0_255U256("p", List.of(hash, hash)).seq0_64kU32("q", List.of(1L, 0xFFFFFFFFL))
                .optionU32("o", OptionalLong.empty()).optionU32("o", OptionalLong.of(42)).toByteArray();
        Sv2Reader in = new Sv2Reader(bytes, "Test");
        assertEquals(7, in.u8("a"));
        assertEquals(65535, in.u16("b"));
        assertEquals(0xFFFFFF, in.u24("c"));
        assertEquals(0xFFFFFFFFL, in.u32("d"));
        assertEquals(-1L, in.u64("e"));
        assertEquals(1.5e12f, in.f32("f"));
        assertFalse(in.bool("g"));
        assertEquals(hash, in.u256("h"));
        assertEquals("Bitaxe ⛏", in.str0_255("s"));
        assertEquals(Bytes.fromHex("0102"), in.b0_32("x"));
        assertEquals(Bytes.EMPTY, in.b0_255("y"));
        assertEquals(300, in.b0_64k("z").length());
        assertEquals(Bytes.fromHex("aa"), in.b0_16m("w"));
        assertEquals(List.of(hash, hash), in.seq0_255U256("p"));
        assertEquals(List.of(1L, 0xFFFFFFFFL), in.seq0_64kU32("q"));
        assertEquals(OptionalLong.empty(), in.optionU32("o"));
        assertEquals(OptionalLong.of(42), in.optionU32("o"));
        in.end();
    }

    @Test
    void boolReadsOnlyTheLeastSignificantBit() throws Sv2DecodeException {
        Sv2Reader in = reader("0302");
        assertTrue(in.bool("a"));
        assertFalse(in.bool("b"));
    }

    @Test
    void u256IsALittleEndianNumber() {
        U256 one = U256.of(BigInteger.ONE);
        assertEquals("01" + "00".repeat(31), one.toString());
        BigInteger target = new BigInteger("00000000ffff0000000000000000000000000000000000000000000000000000", 16);
        assertEquals(target, U256.of(target).toBigInteger());
        assertThrows(IllegalArgumentException.class, () -> U256.of(BigInteger.ONE.shiftLeft(256)));
        assertThrows(IllegalArgumentException.class, () -> U256.wrap(new byte[31]));
    }

    @Test
    void truncationNamesTheMessageAndField() {
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class, () -> reader("010203").u32("job_id"));
        assertEquals(Sv2DecodeException.Reason.TRUNCATED, e.reason());
        assertEquals("TRUNCATED: Test.job_id needs 4 bytes (U32) at offset 0, 3 left", e.getMessage());
        Sv2DecodeException str = assertThrows(Sv2DecodeException.class, () -> reader("05616263").str0_255("vendor"));
        assertEquals(Sv2DecodeException.Reason.TRUNCATED, str.reason());
        assertTrue(str.getMessage().contains("Test.vendor needs 5 bytes"), str.getMessage());
    }

    @Test
    void lengthPrefixBeyondTheTypeBoundIsOversized() {
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class, () -> reader("21" + "00".repeat(33)).b0_32("extranonce"));
        assertEquals(Sv2DecodeException.Reason.OVERSIZED, e.reason());
        assertEquals("OVERSIZED: Test.extranonce length 33 exceeds B0_32 (max 32)", e.getMessage());
    }

    @Test
    void sequenceLongerThanTheInputIsTruncatedBeforeAllocating() {
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class, () -> reader("ff" + "00".repeat(32)).seq0_255U256("merkle_path"));
        assertEquals(Sv2DecodeException.Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().contains("SEQ0_255[U256] of 255"), e.getMessage());
    }

    @Test
    void optionWithTwoElementsIsInvalid() {
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class, () -> reader("02" + "00".repeat(8)).optionU32("min_ntime"));
        assertEquals(Sv2DecodeException.Reason.INVALID_VALUE, e.reason());
    }

    @Test
    void bytesAfterTheLastFieldAreRefused() throws Sv2DecodeException {
        Sv2Reader in = reader("0100");
        in.u8("a");
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class, in::end);
        assertEquals("TRAILING_BYTES: Test: 1 bytes after the last field", e.getMessage());
    }

    @Test
    void writerRefusesValuesOutsideTheirType() {
        Sv2Writer out = new Sv2Writer();
        assertEquals("channel_id: -1 (expected: 0..4294967295)",
                assertThrows(IllegalArgumentException.class, () -> out.u32("channel_id", -1)).getMessage());
        assertEquals("extranonce: 33 bytes exceeds B0_32 (max 32)",
                assertThrows(IllegalArgumentException.class, () -> out.b0_32("extranonce", Bytes.of(new byte[33]))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> out.str0_255("vendor", "x".repeat(256)));
        assertThrows(IllegalArgumentException.class, () -> out.u16("port", 65536));
        assertThrows(IllegalArgumentException.class, () -> out.b0_64k("coinbase", Bytes.of(new byte[65536])));
        assertEquals(0, out.size(), "nothing is written by a refused value");
    }
}
