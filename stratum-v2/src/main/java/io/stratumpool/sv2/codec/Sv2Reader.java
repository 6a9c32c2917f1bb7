package io.stratumpool.sv2.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the spec's data types from one message payload, in order. Every read names its field, so
 * a failure says which message and field was truncated or oversized. Not thread-safe.
 */
public final class Sv2Reader {
    private final byte[] bytes;
    private final String messageName;
    private int position;

    /** Reads {@code payload} as the fields of {@code messageName}. */
    public Sv2Reader(byte[] payload, String messageName) {
        this.bytes = payload;
        this.messageName = messageName;
    }

    public int u8(String field) throws Sv2DecodeException {
        need(field, 1, "U8");
        return bytes[position++] & 0xFF;
    }

    /** BOOL: only the least significant bit counts (the spec reserves the others). */
    public boolean bool(String field) throws Sv2DecodeException {
        need(field, 1, "BOOL");
        return (bytes[position++] & 1) != 0;
    }

    public int u16(String field) throws Sv2DecodeException {
        return (int) littleEndian(field, 2, "U16");
    }

    public int u24(String field) throws Sv2DecodeException {
        return (int) littleEndian(field, 3, "U24");
    }

    public long u32(String field) throws Sv2DecodeException {
        return littleEndian(field, 4, "U32");
    }

    /** U64 as a Java long: values of 2^63 and more read as negative (use the unsigned helpers). */
    public long u64(String field) throws Sv2DecodeException {
        return littleEndian(field, 8, "U64");
    }

    /** F32: IEEE 754 single precision, little-endian. */
    public float f32(String field) throws Sv2DecodeException {
        return Float.intBitsToFloat((int) littleEndian(field, 4, "F32"));
    }

    public U256 u256(String field) throws Sv2DecodeException {
        return U256.wrap(take(field, U256.LENGTH, "U256"));
    }

    /** STR0_255, decoded as UTF-8 (malformed sequences become U+FFFD; the spec leaves bytes unconstrained). */
    public String str0_255(String field) throws Sv2DecodeException {
        int length = u8(field + " length");
        return new String(take(field, length, "STR0_255"), StandardCharsets.UTF_8);
    }

    public Bytes b0_32(String field) throws Sv2DecodeException {
        int length = u8(field + " length");
        if (length > 32) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.OVERSIZED,
                    where(field) + " length " + length + " exceeds B0_32 (max 32)");
        }
        return Bytes.of(take(field, length, "B0_32"));
    }

    public Bytes b0_255(String field) throws Sv2DecodeException {
        return Bytes.of(take(field, u8(field + " length"), "B0_255"));
    }

    public Bytes b0_64k(String field) throws Sv2DecodeException {
        return Bytes.of(take(field, u16(field + " length"), "B0_64K"));
    }

    public Bytes b0_16m(String field) throws Sv2DecodeException {
        return Bytes.of(take(field, u24(field + " length"), "B0_16M"));
    }

    /** SEQ0_255[U256]. */
    public List<U256> seq0_255U256(String field) throws Sv2DecodeException {
        int count = u8(field + " count");
        need(field, count * U256.LENGTH, "SEQ0_255[U256] of " + count);
        List<U256> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(u256(field + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    /** SEQ0_64K[U32]. */
    public List<Long> seq0_64kU32(String field) throws Sv2DecodeException {
        int count = u16(field + " count");
        need(field, count * 4, "SEQ0_64K[U32] of " + count);
        List<Long> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(u32(field + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    /** OPTION[U32]: a SEQ0_1, so empty or one value. */
    public OptionalLong optionU32(String field) throws Sv2DecodeException {
        int count = u8(field + " count");
        if (count > 1) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.INVALID_VALUE,
                    where(field) + " OPTION holds " + count + " elements (max 1)");
        }
        return count == 0 ? OptionalLong.empty() : OptionalLong.of(u32(field));
    }

    /** Fails when bytes remain after the last field: a message is exactly its fields. */
    public void end() throws Sv2DecodeException {
        if (position != bytes.length) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.TRAILING_BYTES,
                    messageName + ": " + (bytes.length - position) + " bytes after the last field");
        }
    }

    private long littleEndian(String field, int size, String type) throws Sv2DecodeException {
        need(field, size, type);
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (long) (bytes[position + i] & 0xFF) << (8 * i);
        }
        position += size;
        return value;
    }

    private byte[] take(String field, int length, String type) throws Sv2DecodeException {
        need(field, length, type);
        byte[] out = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return out;
    }

    private void need(String field, int length, String type) throws Sv2DecodeException {
        if (bytes.length - position < length) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.TRUNCATED, where(field) + " needs " + length
                    + " bytes (" + type + ") at offset " + position + ", " + (bytes.length - position) + " left");
        }
    }

    private String where(String field) {
        return messageName + "." + field;
    }
}
