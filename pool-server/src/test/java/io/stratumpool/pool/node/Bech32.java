package io.stratumpool.pool.node;

import java.io.ByteArrayOutputStream;

/**
 * A BIP173 bech32 encoder for segwit v0 test addresses (bcoin's regtest prefix is "rb"). Encoding
 * only: the pool decodes addresses with share-validator's address package.
 */
final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    private Bech32() {
    }

    static String encodeSegwit(String hrp, int version, byte[] program) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(version);
        byte[] five = convertBits(program);
        data.write(five, 0, five.length);
        byte[] values = data.toByteArray();
        int checksum = polymod(concat(expandHrp(hrp), values, new byte[6])) ^ 1;
        StringBuilder out = new StringBuilder(hrp).append('1');
        for (byte v : values) {
            out.append(CHARSET.charAt(v));
        }
        for (int i = 0; i < 6; i++) {
            out.append(CHARSET.charAt((checksum >>> (5 * (5 - i))) & 31));
        }
        return out.toString();
    }

    private static byte[] convertBits(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int acc = 0;
        int bits = 0;
        for (byte b : data) {
            acc = (acc << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.write((acc >>> bits) & 31);
            }
        }
        if (bits > 0) {
            out.write((acc << (5 - bits)) & 31);
        }
        return out.toByteArray();
    }

    private static byte[] expandHrp(String hrp) {
        byte[] out = new byte[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = (byte) (hrp.charAt(i) >>> 5);
            out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
        }
        return out;
    }

    private static int polymod(byte[] values) {
        int chk = 1;
        for (byte v : values) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
