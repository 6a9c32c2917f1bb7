package io.stratumpool.sv2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

/** The handshake's building blocks, checked against independent implementations. */
class SymmetricStateTest {
    @Test
    void hkdfMatchesBouncyCastlesRfc5869() {
        byte[] ck = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] ikm = "input key material".getBytes(StandardCharsets.US_ASCII);
        HKDFBytesGenerator reference = new HKDFBytesGenerator(new SHA256Digest());
        reference.init(new HKDFParameters(ikm, ck, new byte[0]));
        byte[] expected = new byte[64];
        reference.generateBytes(expected, 0, 64);

        byte[][] out = SymmetricState.hkdf(ck, ikm);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 0, 32), out[0]);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 32, 64), out[1]);
    }

    @Test
    void initialHashIsTheHashOfTheHashedProtocolName() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] nameHash = sha.digest("Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(sha.digest(nameHash), new SymmetricState().handshakeHash());
    }

    @Test
    void withoutKeyEncryptAndHashPassesPlaintextThroughAndHashesIt() throws Exception {
        SymmetricState state = new SymmetricState();
        byte[] before = state.handshakeHash();
        byte[] data = {1, 2, 3};
        assertArrayEquals(data, state.encryptAndHash(data));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(before);
        assertArrayEquals(sha.digest(data), state.handshakeHash());
    }

    @Test
    void nonceIsLittleEndianAfterFourZeroBytes() throws Exception {
        byte[] key = new byte[32];
        CipherState cipher = new CipherState(key);
        cipher.encryptWithAd(new byte[0], new byte[5]);
        byte[] second = cipher.encryptWithAd(new byte[0], new byte[5]);
        assertEquals(2, cipher.nonce());

        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("ChaCha20-Poly1305");
        byte[] nonce = new byte[12];
        nonce[4] = 1; // counter 1, little-endian after 32 zero bits
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "ChaCha20"),
                new javax.crypto.spec.IvParameterSpec(nonce));
        assertArrayEquals(jdk.doFinal(new byte[5]), second);
    }

    @Test
    void failedDecryptionKeepsTheNonce() throws Exception {
        CipherState sender = new CipherState(new byte[32]);
        CipherState receiver = new CipherState(new byte[32]);
        byte[] ciphertext = sender.encryptWithAd(new byte[0], new byte[] {7});
        byte[] tampered = ciphertext.clone();
        tampered[0] ^= 1;
        assertThrows(NoiseException.class, () -> receiver.decryptWithAd(new byte[0], tampered));
        assertEquals(0, receiver.nonce());
        assertArrayEquals(new byte[] {7}, receiver.decryptWithAd(new byte[0], ciphertext));
    }
}
