package io.stratumpool.sv2.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The secp256k1 curve (BouncyCastle's custom implementation) with the field and encoding helpers
 * BIP340 and BIP324 are written in: integers mod p, {@code lift_x}, 32-byte big-endian encodings
 * and tagged hashes. Handshake-rate code: clarity over speed, and no secret-dependent early exits
 * are claimed.
 */
public final class Secp256k1 {
    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    /** The curve. */
    public static final ECCurve CURVE = PARAMS.getCurve();
    /** The generator. */
    public static final ECPoint G = PARAMS.getG();
    /** The field size. */
    public static final BigInteger P = CURVE.getField().getCharacteristic();
    /** The group order. */
    public static final BigInteger N = PARAMS.getN();

    private static final BigInteger SEVEN = BigInteger.valueOf(7);
    private static final BigInteger SQRT_EXPONENT = P.add(BigInteger.ONE).shiftRight(2);

    private Secp256k1() {
    }

    /** {@code a mod p}, always in 0..p-1. */
    public static BigInteger mod(BigInteger a) {
        return a.mod(P);
    }

    /**
     * {@code a / b mod p} as {@code a⋅b^(p-2)}, so that dividing by zero gives zero: the convention
     * of the BIP324 reference code, which its edge-case test vectors rely on.
     */
    public static BigInteger div(BigInteger a, BigInteger b) {
        BigInteger b0 = mod(b);
        return b0.signum() == 0 ? BigInteger.ZERO : mod(a.multiply(b0.modInverse(P)));
    }

    /** The square root BIP340 and BIP324 define ({@code a^((p+1)/4)}), or null when a is not a square mod p. */
    public static BigInteger sqrt(BigInteger a) {
        BigInteger a0 = mod(a);
        BigInteger root = a0.modPow(SQRT_EXPONENT, P);
        return root.multiply(root).mod(P).equals(a0) ? root : null;
    }

    /** {@code x^3 + 7 mod p}, the right-hand side of the curve equation. */
    public static BigInteger curveRhs(BigInteger x) {
        return mod(x.pow(3).add(SEVEN));
    }

    /** True when x is below p and x^3 + 7 is a square: some curve point has this X coordinate. */
    public static boolean isValidX(BigInteger x) {
        return x.signum() >= 0 && x.compareTo(P) < 0 && sqrt(curveRhs(x)) != null;
    }

    /** BIP340 {@code lift_x}: the point with this X coordinate and an even Y, or null if there is none. */
    public static ECPoint liftX(BigInteger x) {
        if (x.signum() < 0 || x.compareTo(P) >= 0) {
            return null;
        }
        BigInteger y = sqrt(curveRhs(x));
        if (y == null) {
            return null;
        }
        BigInteger evenY = y.testBit(0) ? P.subtract(y) : y;
        return CURVE.createPoint(x, evenY);
    }

    /** {@code k⋅point}, normalized (affine coordinates readable). */
    public static ECPoint multiply(ECPoint point, BigInteger k) {
        return point.multiply(k).normalize();
    }

    /** True when the (normalized, finite) point has an even Y coordinate. */
    public static boolean hasEvenY(ECPoint point) {
        return !point.getAffineYCoord().toBigInteger().testBit(0);
    }

    /** The X coordinate of a normalized finite point. */
    public static BigInteger x(ECPoint point) {
        return point.getAffineXCoord().toBigInteger();
    }

    /** {@code int(b)}: a big-endian unsigned integer. */
    public static BigInteger toInt(byte[] bytes) {
        return new BigInteger(1, bytes);
    }

    /** {@code bytes(x)}: the 32-byte big-endian encoding of 0 ≤ x < 2^256. */
    public static byte[] bytes32(BigInteger x) {
        if (x.signum() < 0 || x.bitLength() > 256) {
            throw new IllegalArgumentException("integer does not fit in 32 bytes: " + x.toString(16));
        }
        byte[] raw = x.toByteArray();
        byte[] out = new byte[32];
        int take = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - take, out, 32 - take, take);
        return out;
    }

    /** {@code bytes(P)}: the 32-byte x-only encoding of a normalized point. */
    public static byte[] xOnly(ECPoint point) {
        return bytes32(x(point));
    }

    /** Checks that a secret key is 32 bytes and in 1..n-1, and returns it as an integer. */
    public static BigInteger secretKey(byte[] secretKey) {
        if (secretKey == null || secretKey.length != 32) {
            throw new IllegalArgumentException("secret key: " + (secretKey == null ? "null" : secretKey.length + " bytes")
                    + " (expected: 32 bytes)");
        }
        BigInteger d = toInt(secretKey);
        if (d.signum() == 0 || d.compareTo(N) >= 0) {
            throw new IllegalArgumentException("secret key: zero or not below the curve order");
        }
        return d;
    }

    /** BIP340 tagged hash: {@code SHA256(SHA256(tag) || SHA256(tag) || parts...)}. */
    public static byte[] taggedHash(String tag, byte[]... parts) {
        MessageDigest sha = sha256();
        byte[] tagHash = sha.digest(tag.getBytes(StandardCharsets.UTF_8));
        sha.update(tagHash);
        sha.update(tagHash);
        for (byte[] part : parts) {
            sha.update(part);
        }
        return sha.digest();
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code a XOR b} for equal-length arrays. */
    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length);
        for (int i = 0; i < out.length; i++) {
            out[i] ^= b[i];
        }
        return out;
    }
}
