package io.stratumpool.validator;

/** Reads Bitcoin's serialization: little-endian integers, CompactSize lengths, raw slices. */
public final class ByteReader {
    private final byte[] data;
    private int position;

    public ByteReader(byte[] data) {
        this.data = data;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return data.length - position;
    }

    public int readByte() {
        require(1);
        return data[position++] & 0xff;
    }

    public long readUInt32LE() {
        require(4);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) (data[position++] & 0xff) << (8 * i);
        }
        return v;
    }

    public long readInt64LE() {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (data[position++] & 0xff) << (8 * i);
        }
        return v;
    }

    public long readCompactSize() {
        int first = readByte();
        if (first < 0xfd) {
            return first;
        }
        if (first == 0xfd) {
            return readByte() | ((long) readByte() << 8);
        }
        if (first == 0xfe) {
            return readUInt32LE();
        }
        return readInt64LE();
    }

    public byte[] readBytes(int length) {
        require(length);
        byte[] out = new byte[length];
        System.arraycopy(data, position, out, 0, length);
        position += length;
        return out;
    }

    /** A CompactSize length, then that many bytes. */
    public byte[] readVarBytes() {
        long length = readCompactSize();
        if (length > remaining()) {
            throw new IllegalArgumentException("length " + length + " beyond the end (" + remaining() + " left)");
        }
        return readBytes((int) length);
    }

    public byte[] slice(int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(data, from, out, 0, out.length);
        return out;
    }

    private void require(int n) {
        if (n < 0 || position + n > data.length) {
            throw new IllegalArgumentException("read of " + n + " bytes at " + position + " beyond the end (" + data.length + ")");
        }
    }
}
