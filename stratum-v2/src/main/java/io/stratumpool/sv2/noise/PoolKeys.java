package io.stratumpool.sv2.noise;

import io.stratumpool.sv2.crypto.EllSwiftKeyPair;
import io.stratumpool.sv2.crypto.Schnorr;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * The pool's keys: the authority key (kept by the operator, its public half given to miners) and
 * the static key the Noise responder uses, with the certificate that binds them. What the key
 * generation command prints and the configuration holds.
 *
 * @param authoritySecretKey 32 bytes
 * @param staticSecretKey 32 bytes
 */
public record PoolKeys(byte[] authoritySecretKey, byte[] staticSecretKey) {
    public PoolKeys {
        authoritySecretKey = authoritySecretKey.clone();
        staticSecretKey = staticSecretKey.clone();
        Schnorr.publicKey(authoritySecretKey); // validates: 32 bytes, 1..n-1
        Schnorr.publicKey(staticSecretKey);
    }

    /** Fresh random authority and static keys. */
    public static PoolKeys generate(SecureRandom random) {
        return new PoolKeys(EllSwiftKeyPair.randomSecretKey(random), EllSwiftKeyPair.randomSecretKey(random));
    }

    /** The authority's 32-byte x-only public key. */
    public byte[] authorityPublicKey() {
        return Schnorr.publicKey(authoritySecretKey);
    }

    /** The authority public key as miners type it (base58check). */
    public String authorityPublicKeyBase58() {
        return AuthorityKey.encode(authorityPublicKey());
    }

    /** The static key pair, with a fresh ElligatorSwift encoding of its public key. */
    public EllSwiftKeyPair staticKeyPair(SecureRandom random) {
        return EllSwiftKeyPair.fromSecretKey(staticSecretKey, random);
    }

    /** A certificate for the static key, signed by the authority key, valid over [from, until]. */
    public Certificate certificate(Instant from, Instant until, SecureRandom random) {
        byte[] aux = new byte[32];
        random.nextBytes(aux);
        return Certificate.sign(Certificate.VERSION, from, until, Schnorr.publicKey(staticSecretKey), authoritySecretKey, aux);
    }

    @Override
    public byte[] authoritySecretKey() {
        return authoritySecretKey.clone();
    }

    @Override
    public byte[] staticSecretKey() {
        return staticSecretKey.clone();
    }

    @Override
    public String toString() {
        return "PoolKeys[authority=" + authorityPublicKeyBase58() + ", secrets hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolKeys k && java.util.Arrays.equals(k.authoritySecretKey, authoritySecretKey)
                && java.util.Arrays.equals(k.staticSecretKey, staticSecretKey);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(authoritySecretKey());
    }
}
