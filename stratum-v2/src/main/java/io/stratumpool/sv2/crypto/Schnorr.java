package io.stratumpool.sv2.crypto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;

/**
 * BIP340 Schnorr signatures over secp256k1 with x-only public keys. Messages may have any length
 * (the 2022 revision of BIP340); Stratum V2 signs the 32-byte SHA-256 of its certificate fields.
 */
public final class Schnorr {
    private static final String TAG_AUX = "BIP0340/aux";
    private static final String TAG_NONCE = "BIP0340/nonce";
    private static final String TAG_CHALLENGE = "BIP0340/challenge";

    private Schnorr() {
    }

    /** The 32-byte x-only public key of a secret key. */
    public static byte[] publicKey(byte[] secretKey) {
        return Secp256k1.xOnly(Secp256k1.multiply(Secp256k1.G, Secp256k1.secretKey(secretKey)));
    }

    /**
     * Signs {@code message} with {@code secretKey}, mixing in 32 bytes of auxiliary randomness as
     * BIP340 recommends, and returns the 64-byte signature.
     */
    public static byte[] sign(byte[] message, byte[] secretKey, byte[] auxRand) {
        if (auxRand == null || auxRand.length != 32) {
            throw new IllegalArgumentException("aux_rand: expected 32 bytes");
        }
        BigInteger d0 = Secp256k1.secretKey(secretKey);
        ECPoint p = Secp256k1.multiply(Secp256k1.G, d0);
        BigInteger d = Secp256k1.hasEvenY(p) ? d0 : Secp256k1.N.subtract(d0);
        byte[] px = Secp256k1.xOnly(p);
        byte[] t = Secp256k1.xor(Secp256k1.bytes32(d), Secp256k1.taggedHash(TAG_AUX, auxRand));
        BigInteger k0 = Secp256k1.toInt(Secp256k1.taggedHash(TAG_NONCE, t, px, message)).mod(Secp256k1.N);
        if (k0.signum() == 0) {
            throw new IllegalStateException("BIP340 nonce is zero (probability 2^-256)");
        }
        ECPoint r = Secp256k1.multiply(Secp256k1.G, k0);
        BigInteger k = Secp256k1.hasEvenY(r) ? k0 : Secp256k1.N.subtract(k0);
        byte[] rx = Secp256k1.xOnly(r);
        BigInteger e = challenge(rx, px, message);
        byte[] signature = new byte[64];
        System.arraycopy(rx, 0, signature, 0, 32);
        System.arraycopy(Secp256k1.bytes32(k.add(e.multiply(d)).mod(Secp256k1.N)), 0, signature, 32, 32);
        if (!verify(message, px, signature)) {
            throw new IllegalStateException("BIP340 signature failed its own verification");
        }
        return signature;
    }

    /**
     * True when {@code signature} is a valid BIP340 signature of {@code message} by the x-only
     * {@code publicKey}. Malformed keys and signatures (wrong length, off the curve, out of range)
     * are invalid, not errors: they come from the network.
     */
    public static boolean verify(byte[] message, byte[] publicKey, byte[] signature) {
        if (publicKey == null || publicKey.length != 32 || signature == null || signature.length != 64) {
            return false;
        }
        ECPoint p = Secp256k1.liftX(Secp256k1.toInt(publicKey));
        byte[] rx = java.util.Arrays.copyOfRange(signature, 0, 32);
        BigInteger r = Secp256k1.toInt(rx);
        BigInteger s = Secp256k1.toInt(java.util.Arrays.copyOfRange(signature, 32, 64));
        if (p == null || r.compareTo(Secp256k1.P) >= 0 || s.compareTo(Secp256k1.N) >= 0) {
            return false;
        }
        BigInteger e = challenge(rx, publicKey, message);
        ECPoint point = Secp256k1.G.multiply(s).add(p.multiply(Secp256k1.N.subtract(e))).normalize();
        return !point.isInfinity() && Secp256k1.hasEvenY(point) && Secp256k1.x(point).equals(r);
    }

    private static BigInteger challenge(byte[] rx, byte[] px, byte[] message) {
        return Secp256k1.toInt(Secp256k1.taggedHash(TAG_CHALLENGE, rx, px, message)).mod(Secp256k1.N);
    }
}
