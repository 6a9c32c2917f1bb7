package io.stratumpool.sv2.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Writes the spec's data types into a growing payload. Values outside a field's type are
 * programming errors and fail with an IllegalArgumentException naming the field. Not thread-safe.
 */
public final class Sv2Writer {
    private static final long U32_MAX = 0xFFFF_FFFFL;
    private byte[] buffer = new byte[64];
    private int size;

    public Sv2Writer u8(String field, int value) {
        range(field, value, 0xFF);
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public Sv2Writer bool(boolean value) {
        ensure(1);
        buffer[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    public Sv2Writer u16(String field, int value) {
        range(field, value, 0xFFFF);
        return littleEndian(value, 2);
    }

    public Sv2Writer u24(String field, int value) {
        range(field, value, 0xFF_FFFF);
        return littleEndian(value, 3);
    }

    public Sv2Writer u32(String field, long value) {
        range(field, value, U32_MAX);
        return littleEndian(value, 4);
    }

    /** U64 from a Java long read as unsigned. */
    public Sv2Writer u64(long value) {
        return littleEndian(value, 8);
    }

    public Sv2Writer f32(float value) {
        return littleEndian(Float.floatToIntBits(value) & U32_MAX, 4);
    }

    public Sv2Writer u256(U256 value) {
        ensure(U256.LENGTH);
        value.writeTo(buffer, size);
        size += U256.LENGTH;
        return this;
    }

    public Sv2Writer str0_255(String field, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 255) {
            throw new IllegalArgumentException(field + ": " + utf8.length + " UTF-8 bytes exceeds STR0_255 (max 255)");
        }
        u8(field, utf8.length);
        return raw(utf8);
    }

    public Sv2Writer b0_32(String field, Bytes value) {
        return prefixed(field, value, 32, 1, "B0_32");
    }

    public Sv2Writer b0_255(String field, Bytes value) {
        return prefixed(field, value, 255, 1, "B0_255");
    }

    public Sv2Writer b0_64k(String field, Bytes value) {
        return prefixed(field, value, 0xFFFF, 2, "B0_64K");
    }

    public Sv2Writer b0_16m(String field, Bytes value) {
        return prefixed(field, value, 0xFF_FFFF, 3, "B0_16M");
    }

    public Sv2Writer seq0_255U256(String field, List<U256> values) {
        if (values.size() > 255) {
            throw new IllegalArgumentException(field + ": " + values.size() + " elements exceeds SEQ0_255 (max 255)");
        }
        u8(field, values.size());
        values.forEach(this::u256);
        return this;
    }

    public Sv2Writer seq0_64kU32(String field, List<Long> values) {
        if (values.size() > 0xFFFF) {
            throw new IllegalArgumentException(field + ": " + values.size() + " elements exceeds SEQ0_64K (max 65535)");
        }
        u16(field, values.size());
        values.forEach(v -> u32(field, v));
        return this;
    }

    public Sv2Writer optionU32(String field, OptionalLong value) {
        if (value.isEmpty()) {
            return u8(field, 0);
        }
        u8(field, 1);
        return u32(field, value.getAsLong());
    }

    /** The payload written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    public int size() {
        return size;
    }

    private Sv2Writer prefixed(String field, Bytes value, int max, int prefixBytes, String type) {
        if (value.length() > max) {
            throw new IllegalArgumentException(field + ": " + value.length() + " bytes exceeds " + type + " (max " + max + ")");
        }
        littleEndian(value.length(), prefixBytes);
        ensure(value.length());
        value.writeTo(buffer, size);
        size += value.length();
        return this;
    }

    private Sv2Writer raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    private Sv2Writer littleEndian(long value, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    private static void range(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0.." + max + ")");
        }
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
