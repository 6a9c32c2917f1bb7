package io.stratumpool.sv2.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A secp256k1 secret key with one ElligatorSwift encoding of its public key ({@code ellswift_create}
 * of BIP324): the form Stratum V2's Noise handshake sends. The encoding is random; the same secret
 * key has many encodings, and ECDH hashes the exact bytes sent, so a key pair keeps the one it uses.
 */
public final class EllSwiftKeyPair {
    private final byte[] secretKey;
    private final byte[] ellswift;
    private final byte[] xOnly;

    private EllSwiftKeyPair(byte[] secretKey, byte[] ellswift, byte[] xOnly) {
        this.secretKey = secretKey;
        this.ellswift = ellswift;
        this.xOnly = xOnly;
    }

    /** A fresh random key pair. */
    public static EllSwiftKeyPair generate(SecureRandom random) {
        return fromSecretKey(randomSecretKey(random), random);
    }

    /** The key pair of an existing secret key, with a fresh random encoding of its public key. */
    public static EllSwiftKeyPair fromSecretKey(byte[] secretKey, SecureRandom random) {
        BigInteger d = Secp256k1.secretKey(secretKey);
        BigInteger x = Secp256k1.x(Secp256k1.multiply(Secp256k1.G, d));
        return new EllSwiftKeyPair(secretKey.clone(), EllSwift.encode(x, random), Secp256k1.bytes32(x));
    }

    /**
     * A key pair from a secret key and a given encoding of its public key (a stored key, or a
     * test vector); refuses an encoding of another key.
     */
    public static EllSwiftKeyPair of(byte[] secretKey, byte[] ellswift) {
        BigInteger x = Secp256k1.x(Secp256k1.multiply(Secp256k1.G, Secp256k1.secretKey(secretKey)));
        if (!EllSwift.decode(ellswift).equals(x)) {
            throw new IllegalArgumentException("ellswift encoding: not an encoding of this secret key's public key");
        }
        return new EllSwiftKeyPair(secretKey.clone(), ellswift.clone(), Secp256k1.bytes32(x));
    }

    /** 32 uniformly random bytes that are a valid secret key (1..n-1). */
    public static byte[] randomSecretKey(SecureRandom random) {
        byte[] candidate = new byte[32];
        while (true) {
            random.nextBytes(candidate);
            BigInteger d = Secp256k1.toInt(candidate);
            if (d.signum() > 0 && d.compareTo(Secp256k1.N) < 0) {
                return candidate;
            }
        }
    }

    /** The 32-byte secret key (a copy). */
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** The 64-byte ElligatorSwift encoding of the public key (a copy). */
    public byte[] ellswift() {
        return ellswift.clone();
    }

    /** The 32-byte x-only public key (BIP340 form; a copy). */
    public byte[] xOnlyPublicKey() {
        return xOnly.clone();
    }

    /** BIP324 {@code v2_ecdh} with a peer's encoding: 32 bytes equal on both sides. */
    public byte[] ecdh(byte[] ellswiftTheirs, boolean initiating) {
        return EllSwift.v2Ecdh(secretKey, ellswiftTheirs, ellswift, initiating);
    }

    @Override
    public String toString() {
        return "EllSwiftKeyPair[xOnly=" + java.util.HexFormat.of().formatHex(xOnly) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EllSwiftKeyPair other && Arrays.equals(secretKey, other.secretKey)
                && Arrays.equals(ellswift, other.ellswift);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ellswift);
    }
}
