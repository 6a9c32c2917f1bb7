package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** Range checks for message records, with errors that name the wire field. */
final class Fields {
    static final long U32_MAX = 0xFFFF_FFFFL;

    private Fields() {
    }

    static void range(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0.." + max + ")");
        }
    }

    static void str0_255(String field, String value) {
        Objects.requireNonNull(value, field);
        int length = value.getBytes(StandardCharsets.UTF_8).length;
        if (length > 255) {
            throw new IllegalArgumentException(field + ": " + length + " UTF-8 bytes (expected: at most 255)");
        }
    }

    static void maxLength(String field, Bytes value, int max) {
        Objects.requireNonNull(value, field);
        if (value.length() > max) {
            throw new IllegalArgumentException(field + ": " + value.length() + " bytes (expected: at most " + max + ")");
        }
    }

    static void maxCount(String field, List<?> values, int max) {
        if (values.size() > max) {
            throw new IllegalArgumentException(field + ": " + values.size() + " elements (expected: at most " + max + ")");
        }
    }
}
