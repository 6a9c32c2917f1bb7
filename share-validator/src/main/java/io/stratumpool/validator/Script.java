package io.stratumpool.validator;

/** The few script encodings a coinbase needs. */
public final class Script {
    public static final int OP_0 = 0x00;
    public static final int OP_1 = 0x51;
    public static final int OP_RETURN = 0x6a;

    private Script() {
    }

    /**
     * The BIP34 block-height push that must open the coinbase scriptSig, encoded exactly as
     * Bitcoin Core's {@code CScript() << height}: OP_1..OP_16 for heights 1–16, otherwise a push
     * of the minimal little-endian script number.
     */
    public static byte[] bip34HeightPush(long height) {
        if (height < 0 || height > 0x7fffffffL) {
            throw new IllegalArgumentException("height: " + height + " (expected: 0..2147483647)");
        }
        if (height == 0) {
            return new byte[] {OP_0};
        }
        if (height <= 16) {
            return new byte[] {(byte) (OP_1 + height - 1)};
        }
        byte[] number = scriptNumber(height);
        byte[] push = new byte[number.length + 1];
        push[0] = (byte) number.length;
        System.arraycopy(number, 0, push, 1, number.length);
        return push;
    }

    /** Minimal script-number encoding of a non-negative value: little-endian, sign bit kept clear. */
    public static byte[] scriptNumber(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("script number: " + value + " (expected: >= 0)");
        }
        ByteWriter out = new ByteWriter(9);
        long v = value;
        int last = 0;
        while (v != 0) {
            last = (int) (v & 0xff);
            out.writeByte(last);
            v >>>= 8;
        }
        if ((last & 0x80) != 0) {
            out.writeByte(0);
        }
        return out.toByteArray();
    }

    /** The height a coinbase scriptSig declares under BIP34, or -1 when it does not start with a height push. */
    public static long parseBip34Height(byte[] scriptSig) {
        if (scriptSig.length == 0) {
            return -1;
        }
        int op = scriptSig[0] & 0xff;
        if (op == OP_0) {
            return 0;
        }
        if (op >= OP_1 && op <= OP_1 + 15) {
            return op - OP_1 + 1;
        }
        if (op < 1 || op > 5 || scriptSig.length < 1 + op) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < op; i++) {
            v |= (long) (scriptSig[1 + i] & 0xff) << (8 * i);
        }
        return v;
    }
}
