package io.stratumpool.validator.address;

import java.util.Arrays;
import java.util.Locale;

/** The bech32 (BIP-173) and bech32m (BIP-350) string encodings of 5-bit data, and the 8↔5 bit regrouping. */
public final class Bech32 {

    /** Which checksum constant a string was made with; BIP-350 ties it to the witness version. */
    public enum Encoding {
        BECH32(1),
        BECH32M(0x2bc830a3);

        private final int constant;

        Encoding(int constant) {
            this.constant = constant;
        }
    }

    /** A successfully decoded string: lowercase hrp, the 5-bit values without the checksum, and the encoding. */
    public static final class Decoded {
        private final String hrp;
        private final byte[] values;
        private final Encoding encoding;

        Decoded(String hrp, byte[] values, Encoding encoding) {
            this.hrp = hrp;
            this.values = values;
            this.encoding = encoding;
        }

        public String hrp() {
            return hrp;
        }

        /** A copy of the data values, each 0..31, checksum removed. */
        public byte[] values() {
            return values.clone();
        }

        public Encoding encoding() {
            return encoding;
        }
    }

    public static final int MAX_LENGTH = 90;
    private static final int MAX_HRP_LENGTH = 83;
    private static final int CHECKSUM_LENGTH = 6;
    private static final char SEPARATOR = '1';
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] VALUE_OF = valueTable();
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    private Bech32() {
    }

    /** Encodes hrp and 5-bit values with the given checksum variant; the result is lowercase. */
    public static String encode(String hrp, byte[] values, Encoding encoding) {
        String lowerHrp = checkHrpForEncoding(hrp);
        checkValues(values);
        int length = lowerHrp.length() + 1 + values.length + CHECKSUM_LENGTH;
        if (length > MAX_LENGTH) {
            throw new AddressException("bech32 string would be too long (" + length + " chars, max " + MAX_LENGTH + ")");
        }
        StringBuilder out = new StringBuilder(length).append(lowerHrp).append(SEPARATOR);
        for (byte value : values) {
            out.append(CHARSET.charAt(value));
        }
        for (byte value : checksum(lowerHrp, values, encoding)) {
            out.append(CHARSET.charAt(value));
        }
        return out.toString();
    }

    /**
     * The segwit address of a witness program (BIP-173 for v0, BIP-350 for v1..v16): the checksum variant follows
     * from the version, and version and program length are checked by the same rules that decoding applies.
     */
    public static String encodeSegwit(String hrp, int witnessVersion, byte[] program) {
        SegwitDecoder.checkVersionRange(witnessVersion);
        SegwitDecoder.checkProgramLength(witnessVersion, program.length);
        byte[] five = convertBits(program, 8, 5, true);
        byte[] values = new byte[five.length + 1];
        values[0] = (byte) witnessVersion;
        System.arraycopy(five, 0, values, 1, five.length);
        return encode(hrp, values, witnessVersion == 0 ? Encoding.BECH32 : Encoding.BECH32M);
    }

    /** Decodes a bech32 or bech32m string, telling which one it was; either case is accepted, mixed case is not. */
    public static Decoded decode(String text) {
        checkLengthAndCharacters(text);
        String lower = text.toLowerCase(Locale.ROOT);
        int separator = lower.lastIndexOf(SEPARATOR);
        checkLayout(lower, separator);
        String hrp = lower.substring(0, separator);
        byte[] data = toValues(lower, separator + 1);
        Encoding encoding = verifyChecksum(hrp, data);
        return new Decoded(hrp, Arrays.copyOf(data, data.length - CHECKSUM_LENGTH), encoding);
    }

    /**
     * Regroups a bit stream from {@code fromBits}-bit to {@code toBits}-bit values (most significant bit first).
     * With {@code pad} the last group is zero-filled (encoding direction); without it, leftover bits must be fewer
     * than {@code fromBits} and all zero (decoding direction), as BIP-173 requires.
     */
    public static byte[] convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
        checkBitWidths(fromBits, toBits);
        int maxValue = (1 << toBits) - 1;
        byte[] out = new byte[(in.length * fromBits + (pad ? toBits - 1 : 0)) / toBits];
        int accumulator = 0;
        int bits = 0;
        int written = 0;
        for (int i = 0; i < in.length; i++) {
            int value = in[i] & 0xff;
            if (value >>> fromBits != 0) {
                throw new AddressException("value " + value + " at index " + i + " does not fit in " + fromBits + " bits");
            }
            accumulator = (accumulator << fromBits | value) & 0xffff;
            bits += fromBits;
            while (bits >= toBits) {
                bits -= toBits;
                out[written++] = (byte) (accumulator >>> bits & maxValue);
            }
        }
        if (pad && bits > 0) {
            out[written++] = (byte) (accumulator << (toBits - bits) & maxValue);
        } else if (!pad) {
            checkPadding(accumulator, bits, fromBits);
        }
        return out;
    }

    private static void checkPadding(int accumulator, int bits, int fromBits) {
        if (bits >= fromBits) {
            throw new AddressException("too much padding (" + bits + " bits, at most " + (fromBits - 1) + " allowed)");
        }
        if ((accumulator & ((1 << bits) - 1)) != 0) {
            throw new AddressException("non-zero padding bits");
        }
    }

    private static void checkBitWidths(int fromBits, int toBits) {
        if (fromBits < 1 || fromBits > 8 || toBits < 1 || toBits > 8) {
            throw new IllegalArgumentException("bit widths: " + fromBits + ", " + toBits + " (expected: 1..8)");
        }
    }

    /** Length first, so that nothing else is done with an oversized string; then the US-ASCII 33..126 range. */
    private static void checkLengthAndCharacters(String text) {
        if (text == null) {
            throw new AddressException("null bech32 string");
        }
        if (text.isEmpty()) {
            throw new AddressException("empty bech32 string");
        }
        if (text.length() > MAX_LENGTH) {
            throw new AddressException("too long (" + text.length() + " chars, max " + MAX_LENGTH + ")");
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                throw new AddressException("invalid character " + AddressException.describe(c) + " at position " + i);
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        if (lower && upper) {
            throw new AddressException("mixed case (bech32 must be all lowercase or all uppercase)");
        }
    }

    private static void checkLayout(String lower, int separator) {
        if (separator < 0) {
            throw new AddressException("missing separator '1'");
        }
        if (separator == 0) {
            throw new AddressException("empty human-readable part");
        }
        int dataLength = lower.length() - separator - 1;
        if (dataLength < CHECKSUM_LENGTH) {
            throw new AddressException("checksum too short (" + dataLength + " chars after the separator, need "
                    + CHECKSUM_LENGTH + ")");
        }
    }

    private static byte[] toValues(String lower, int start) {
        byte[] values = new byte[lower.length() - start];
        for (int i = start; i < lower.length(); i++) {
            char c = lower.charAt(i);
            int value = c < VALUE_OF.length ? VALUE_OF[c] : -1;
            if (value < 0) {
                throw new AddressException("invalid character " + AddressException.describe(c) + " at position " + i);
            }
            values[i - start] = (byte) value;
        }
        return values;
    }

    private static Encoding verifyChecksum(String hrp, byte[] dataWithChecksum) {
        int residue = polymod(hrp, dataWithChecksum, 0);
        for (Encoding encoding : Encoding.values()) {
            if (residue == encoding.constant) {
                return encoding;
            }
        }
        throw new AddressException("bad checksum (neither bech32 nor bech32m)");
    }

    private static byte[] checksum(String hrp, byte[] values, Encoding encoding) {
        int residue = polymod(hrp, values, CHECKSUM_LENGTH) ^ encoding.constant;
        byte[] out = new byte[CHECKSUM_LENGTH];
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            out[i] = (byte) (residue >>> 5 * (CHECKSUM_LENGTH - 1 - i) & 31);
        }
        return out;
    }

    /**
     * The BCH checksum remainder over the expanded hrp (high bits, a zero, low bits) then the values, then
     * {@code trailingZeros} zero values (the space the checksum will occupy when creating one).
     */
    private static int polymod(String hrp, byte[] values, int trailingZeros) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) {
            chk = polymodStep(chk, hrp.charAt(i) >>> 5);
        }
        chk = polymodStep(chk, 0);
        for (int i = 0; i < hrp.length(); i++) {
            chk = polymodStep(chk, hrp.charAt(i) & 31);
        }
        for (byte value : values) {
            chk = polymodStep(chk, value);
        }
        for (int i = 0; i < trailingZeros; i++) {
            chk = polymodStep(chk, 0);
        }
        return chk;
    }

    private static int polymodStep(int chk, int value) {
        int top = chk >>> 25;
        chk = (chk & 0x1ffffff) << 5 ^ value;
        for (int i = 0; i < GENERATOR.length; i++) {
            if ((top >>> i & 1) != 0) {
                chk ^= GENERATOR[i];
            }
        }
        return chk;
    }

    private static String checkHrpForEncoding(String hrp) {
        if (hrp == null || hrp.isEmpty() || hrp.length() > MAX_HRP_LENGTH) {
            throw new AddressException("human-readable part must be 1.." + MAX_HRP_LENGTH + " chars");
        }
        for (int i = 0; i < hrp.length(); i++) {
            char c = hrp.charAt(i);
            if (c < 33 || c > 126) {
                throw new AddressException("invalid character " + AddressException.describe(c)
                        + " in human-readable part at position " + i);
            }
        }
        return hrp.toLowerCase(Locale.ROOT);
    }

    private static void checkValues(byte[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 31) {
                throw new AddressException("value " + values[i] + " at index " + i + " does not fit in 5 bits");
            }
        }
    }

    private static int[] valueTable() {
        int[] table = new int[128];
        Arrays.fill(table, -1);
        for (int i = 0; i < CHARSET.length(); i++) {
            table[CHARSET.charAt(i)] = i;
        }
        return table;
    }
}
