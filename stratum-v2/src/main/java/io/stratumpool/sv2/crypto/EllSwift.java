package io.stratumpool.sv2.crypto;

import static io.stratumpool.sv2.crypto.Secp256k1.P;
import static io.stratumpool.sv2.crypto.Secp256k1.div;
import static io.stratumpool.sv2.crypto.Secp256k1.mod;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * BIP324 ElligatorSwift: 64-byte encodings of secp256k1 X coordinates that look like uniform random
 * bytes ({@code XSwiftEC} to decode, {@code XSwiftECInv} and {@code XElligatorSwift} to encode),
 * and the x-only ECDH on such encodings with BIP324's tagged hash ({@code v2_ecdh}).
 */
public final class EllSwift {
    /** Length of an encoding: u (32 bytes) then t (32 bytes). */
    public static final int ENCODED_LENGTH = 64;

    private static final String TAG_XONLY_ECDH = "bip324_ellswift_xonly_ecdh";
    /** A square root of -3 mod p that is itself a square (BIP324's constant c). */
    private static final BigInteger C =
            new BigInteger("a2d2ba93507f1df233770c2a797962cc61f6d15da14ecd47d8d27ae1cd5f852", 16);
    private static final BigInteger TWO = BigInteger.valueOf(2);
    private static final BigInteger THREE = BigInteger.valueOf(3);
    private static final BigInteger FOUR = BigInteger.valueOf(4);
    private static final BigInteger SEVEN = BigInteger.valueOf(7);
    private static final BigInteger HALF = TWO.modInverse(P);

    private EllSwift() {
    }

    /** Decodes a 64-byte encoding to the X coordinate it stands for. Every 64-byte string decodes. */
    public static BigInteger decode(byte[] encoding) {
        requireEncoding(encoding);
        BigInteger u = mod(Secp256k1.toInt(Arrays.copyOfRange(encoding, 0, 32)));
        BigInteger t = mod(Secp256k1.toInt(Arrays.copyOfRange(encoding, 32, 64)));
        return xSwiftEc(u, t);
    }

    /** BIP324 {@code XSwiftEC(u, t)} for u, t in 0..p-1: always a valid X coordinate. */
    public static BigInteger xSwiftEc(BigInteger u, BigInteger t) {
        if (u.signum() == 0) {
            u = BigInteger.ONE;
        }
        if (t.signum() == 0) {
            t = BigInteger.ONE;
        }
        BigInteger u3Plus7 = mod(u.pow(3).add(SEVEN));
        if (mod(u3Plus7.add(t.multiply(t))).signum() == 0) {
            t = mod(t.multiply(TWO));
        }
        BigInteger bigX = div(u3Plus7.subtract(t.multiply(t)), t.multiply(TWO));
        BigInteger bigY = div(bigX.add(t), C.multiply(u));
        BigInteger x1 = mod(u.add(FOUR.multiply(bigY).multiply(bigY)));
        if (Secp256k1.isValidX(x1)) {
            return x1;
        }
        BigInteger xOverY = div(bigX, bigY);
        BigInteger x2 = mod(xOverY.negate().subtract(u).multiply(HALF));
        if (Secp256k1.isValidX(x2)) {
            return x2;
        }
        // BIP324 proves that one of the three candidates lies on the curve.
        return mod(xOverY.subtract(u).multiply(HALF));
    }

    /**
     * BIP324 {@code XSwiftECInv(x, u, case)}: a t with {@code XSwiftEC(u, t) = x}, or null when this
     * case has none. {@code encodeCase} selects one of up to eight preimages (0..7).
     */
    public static BigInteger xSwiftEcInv(BigInteger x, BigInteger u, int encodeCase) {
        if (encodeCase < 0 || encodeCase > 7) {
            throw new IllegalArgumentException("case: " + encodeCase + " (expected: 0..7)");
        }
        BigInteger u3Plus7 = mod(u.pow(3).add(SEVEN));
        BigInteger s;
        BigInteger v;
        if ((encodeCase & 2) == 0) {
            if (Secp256k1.isValidX(mod(x.negate().subtract(u)))) {
                return null;
            }
            v = x;
            s = div(u3Plus7.negate(), u.multiply(u).add(u.multiply(v)).add(v.multiply(v)));
        } else {
            s = mod(x.subtract(u));
            if (s.signum() == 0) {
                return null;
            }
            BigInteger r = Secp256k1.sqrt(s.negate().multiply(FOUR.multiply(u3Plus7).add(THREE.multiply(u).multiply(u).multiply(s))));
            if (r == null || ((encodeCase & 1) == 1 && r.signum() == 0)) {
                return null;
            }
            v = mod(div(r, s).subtract(u).multiply(HALF));
        }
        BigInteger w = Secp256k1.sqrt(s);
        if (w == null) {
            return null;
        }
        BigInteger oneMinusC = mod(u.multiply(BigInteger.ONE.subtract(C)).multiply(HALF).add(v));
        BigInteger onePlusC = mod(u.multiply(BigInteger.ONE.add(C)).multiply(HALF).add(v));
        switch (encodeCase & 5) {
            case 0: return mod(w.negate().multiply(oneMinusC));
            case 1: return mod(w.multiply(onePlusC));
            case 4: return mod(w.multiply(oneMinusC));
            default: return mod(w.negate().multiply(onePlusC));
        }
    }

    /**
     * BIP324 {@code XElligatorSwift(x)}: a uniformly sampled 64-byte encoding of the X coordinate
     * {@code x}, drawing u and the case from {@code random}.
     */
    public static byte[] encode(BigInteger x, SecureRandom random) {
        if (!Secp256k1.isValidX(x)) {
            throw new IllegalArgumentException("x: not the X coordinate of a curve point");
        }
        while (true) {
            BigInteger u = randomFieldElement(random);
            BigInteger t = xSwiftEcInv(x, u, random.nextInt(8));
            if (t != null) {
                byte[] out = new byte[ENCODED_LENGTH];
                System.arraycopy(Secp256k1.bytes32(u), 0, out, 0, 32);
                System.arraycopy(Secp256k1.bytes32(t), 0, out, 32, 32);
                return out;
            }
        }
    }

    /** BIP324 {@code ellswift_ecdh_xonly}: the 32-byte X coordinate of {@code secret⋅decode(theirs)}. */
    public static byte[] ecdhXOnly(byte[] ellswiftTheirs, byte[] secretKey) {
        ECPoint theirs = Secp256k1.liftX(decode(ellswiftTheirs));
        return Secp256k1.xOnly(Secp256k1.multiply(theirs, Secp256k1.secretKey(secretKey)));
    }

    /**
     * BIP324 {@code v2_ecdh}: the x-only ECDH secret hashed with both encodings, the initiator's
     * first, under the tag {@code bip324_ellswift_xonly_ecdh}. Both sides get the same 32 bytes.
     */
    public static byte[] v2Ecdh(byte[] secretKey, byte[] ellswiftTheirs, byte[] ellswiftOurs, boolean initiating) {
        requireEncoding(ellswiftOurs);
        byte[] shared = ecdhXOnly(ellswiftTheirs, secretKey);
        return initiating
                ? Secp256k1.taggedHash(TAG_XONLY_ECDH, ellswiftOurs, ellswiftTheirs, shared)
                : Secp256k1.taggedHash(TAG_XONLY_ECDH, ellswiftTheirs, ellswiftOurs, shared);
    }

    private static BigInteger randomFieldElement(SecureRandom random) {
        byte[] bytes = new byte[32];
        while (true) {
            random.nextBytes(bytes);
            BigInteger u = Secp256k1.toInt(bytes);
            if (u.signum() > 0 && u.compareTo(P) < 0) {
                return u;
            }
        }
    }

    private static void requireEncoding(byte[] encoding) {
        if (encoding == null || encoding.length != ENCODED_LENGTH) {
            throw new IllegalArgumentException("ellswift encoding: "
                    + (encoding == null ? "null" : encoding.length + " bytes") + " (expected: 64 bytes)");
        }
    }
}
