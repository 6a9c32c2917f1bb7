package io.stratumpool.validator;

import java.util.Arrays;

/** A growable byte buffer with Bitcoin's little-endian integer and CompactSize encodings. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public ByteWriter writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    public ByteWriter writeBytes(byte[] bytes) {
        return writeBytes(bytes, 0, bytes.length);
    }

    public ByteWriter writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
        return this;
    }

    public ByteWriter writeUInt32LE(long value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    public ByteWriter writeInt64LE(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** Bitcoin's CompactSize ("varint") length prefix. */
    public ByteWriter writeCompactSize(long value) {
        if (value < 0xfd) {
            return writeByte((int) value);
        }
        if (value <= 0xffff) {
            return writeByte(0xfd).writeByte((int) value).writeByte((int) (value >>> 8));
        }
        if (value <= 0xffffffffL) {
            return writeByte(0xfe).writeUInt32LE(value);
        }
        return writeByte(0xff).writeInt64LE(value);
    }

    /** A CompactSize length followed by the bytes. */
    public ByteWriter writeVarBytes(byte[] bytes) {
        return writeCompactSize(bytes.length).writeBytes(bytes);
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
