package io.stratumpool.sv2.codec;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string for the B0_* fields, with value equality. */
public final class Bytes {
    /** The empty byte string. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static Bytes of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /** Parses hex. */
    public static Bytes fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes (a copy). */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    void writeTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
