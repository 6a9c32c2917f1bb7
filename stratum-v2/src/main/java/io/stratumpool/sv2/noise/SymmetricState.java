package io.stratumpool.sv2.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise's SymmetricState for the handshake: chaining key {@code ck}, handshake hash {@code h} and
 * the optional cipher key, with MixHash, MixKey (HKDF-SHA256), EncryptAndHash, DecryptAndHash and
 * Split exactly as section 4.4 of the Stratum V2 specification lists them.
 */
final class SymmetricState {
    /** The Noise protocol name, hashed into the initial state. */
    static final String PROTOCOL_NAME = "Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256";

    private byte[] ck;
    private byte[] h;
    private CipherState cipher; // null while k is empty

    /** h = HASH(protocolName) (the name is longer than 32 bytes); ck = h; h = HASH(h); k empty. */
    SymmetricState() {
        h = sha256(PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII));
        ck = h.clone();
        h = sha256(h);
    }

    /** h = HASH(h || data). */
    void mixHash(byte[] data) {
        h = sha256(h, data);
    }

    /** (ck, temp_k) = HKDF(ck, ikm); k = temp_k, n = 0. */
    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(ck, inputKeyMaterial);
        ck = out[0];
        cipher = new CipherState(out[1]);
    }

    byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] ciphertext = cipher == null ? plaintext.clone() : cipher.encryptWithAd(h, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipher == null ? ciphertext.clone() : cipher.decryptWithAd(h, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** (k1, k2) = HKDF(ck, zero-length): initiator→responder first, responder→initiator second. */
    CipherState[] split() {
        byte[][] out = hkdf(ck, new byte[0]);
        return new CipherState[] {new CipherState(out[0]), new CipherState(out[1])};
    }

    /** The handshake hash (a copy): equal on both sides after a successful handshake. */
    byte[] handshakeHash() {
        return h.clone();
    }

    /** RFC 5869 HKDF with SHA-256, empty info, two 32-byte outputs, as the spec's HKDF(ck, ikm). */
    static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[] output1 = hmac(tempKey, new byte[] {1});
        byte[] output2 = hmac(tempKey, output1, new byte[] {2});
        return new byte[][] {output1, output2};
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
