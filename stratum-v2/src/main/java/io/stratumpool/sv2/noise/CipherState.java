package io.stratumpool.sv2.noise;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise's CipherState with a key: ChaCha20-Poly1305 (IETF, the JDK's) under a 32-byte key and a
 * 64-bit counter nonce sent as 32 zero bits then the counter little-endian, as the spec says. Not
 * thread-safe; one per direction of one connection.
 */
final class CipherState {
    static final int KEY_LENGTH = 32;
    static final int MAC_LENGTH = 16;
    private static final long LAST_NONCE = -1L; // 2^64 - 1 as an unsigned long, reserved by Noise

    private final SecretKeySpec key;
    private Cipher cipher;
    private final byte[] nonceBytes = new byte[12];
    private long nonce;

    CipherState(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("cipher key: " + key.length + " bytes (expected: 32)");
        }
        this.key = new SecretKeySpec(key, "ChaCha20");
        this.cipher = newCipher();
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks ChaCha20-Poly1305 (Java 11+ has it)", e);
        }
    }

    /** ENCRYPT(k, n++, ad, plaintext): the ciphertext is 16 bytes longer. */
    byte[] encryptWithAd(byte[] ad, byte[] plaintext, int offset, int length) throws NoiseException {
        init(Cipher.ENCRYPT_MODE, ad);
        try {
            byte[] out = cipher.doFinal(plaintext, offset, length);
            nonce++;
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        return encryptWithAd(ad, plaintext, 0, plaintext.length);
    }

    /** DECRYPT(k, n++, ad, ciphertext); on an authentication failure n stays and the call fails. */
    byte[] decryptWithAd(byte[] ad, byte[] ciphertext, int offset, int length) throws NoiseException {
        if (length < MAC_LENGTH) {
            throw new NoiseException(NoiseException.Reason.BAD_LENGTH,
                    "ciphertext of " + length + " bytes is shorter than its 16-byte MAC");
        }
        init(Cipher.DECRYPT_MODE, ad);
        try {
            byte[] out = cipher.doFinal(ciphertext, offset, length);
            nonce++;
            return out;
        } catch (AEADBadTagException e) {
            // The JDK refuses to init one Cipher twice with the same key and nonce, even to decrypt;
            // a fresh instance lets the caller retry at the unchanged nonce, as Noise allows.
            cipher = newCipher();
            throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED,
                    "ChaCha20-Poly1305 tag mismatch at nonce " + Long.toUnsignedString(nonce), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }

    byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
        return decryptWithAd(ad, ciphertext, 0, ciphertext.length);
    }

    /** The next nonce to be used (for tests and diagnostics). */
    long nonce() {
        return nonce;
    }

    private void init(int mode, byte[] ad) throws NoiseException {
        if (nonce == LAST_NONCE) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "2^64 - 1 messages under one key");
        }
        Arrays.fill(nonceBytes, 0, 4, (byte) 0);
        for (int i = 0; i < 8; i++) {
            nonceBytes[4 + i] = (byte) (nonce >>> (8 * i));
        }
        try {
            cipher.init(mode, key, new IvParameterSpec(nonceBytes));
            if (ad.length > 0) {
                cipher.updateAAD(ad);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 init failed", e);
        }
    }
}
