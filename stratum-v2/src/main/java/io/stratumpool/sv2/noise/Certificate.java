package io.stratumpool.sv2.noise;

import io.stratumpool.sv2.crypto.Schnorr;
import io.stratumpool.sv2.crypto.Secp256k1;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;

/**
 * The pool's certificate as the handshake carries it (the spec's SIGNATURE_NOISE_MESSAGE):
 * version (U16), valid_from and not_valid_after (U32 unix seconds), and the authority's BIP340
 * signature over {@code SHA-256(version || valid_from || not_valid_after || server_public_key)},
 * integers little-endian and the server key x-only (32 bytes). 74 bytes on the wire.
 */
public final class Certificate {
    /** Serialized length (before encryption). */
    public static final int LENGTH = 2 + 4 + 4 + 64;
    /** The certificate format version this implementation writes (the reference implementation's too). */
    public static final int VERSION = 0;
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private final int version;
    private final long validFrom;
    private final long notValidAfter;
    private final byte[] signature;

    private Certificate(int version, long validFrom, long notValidAfter, byte[] signature) {
        if (version < 0 || version > 0xFFFF) {
            throw new IllegalArgumentException("version: " + version + " (expected: 0..65535)");
        }
        requireU32("valid_from", validFrom);
        requireU32("not_valid_after", notValidAfter);
        if (signature.length != 64) {
            throw new IllegalArgumentException("signature: " + signature.length + " bytes (expected: 64)");
        }
        this.version = version;
        this.validFrom = validFrom;
        this.notValidAfter = notValidAfter;
        this.signature = signature.clone();
    }

    /**
     * Signs a certificate for the pool's static key (x-only, 32 bytes) valid from {@code validFrom}
     * to {@code notValidAfter} inclusive, with the authority's secret key and 32 bytes of BIP340
     * auxiliary randomness.
     */
    public static Certificate sign(int version, Instant validFrom, Instant notValidAfter, byte[] serverXOnlyKey,
            byte[] authoritySecretKey, byte[] auxRand) {
        long from = validFrom.getEpochSecond();
        long until = notValidAfter.getEpochSecond();
        if (until < from) {
            throw new IllegalArgumentException("not_valid_after " + until + " is before valid_from " + from);
        }
        byte[] message = signedHash(version, from, until, serverXOnlyKey);
        return new Certificate(version, from, until, Schnorr.sign(message, authoritySecretKey, auxRand));
    }

    /** Reads the 74-byte plaintext the handshake decrypted. */
    public static Certificate decode(byte[] bytes) throws NoiseException {
        if (bytes.length != LENGTH) {
            throw new NoiseException(NoiseException.Reason.BAD_LENGTH,
                    "certificate of " + bytes.length + " bytes (expected: " + LENGTH + ")");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = Short.toUnsignedInt(in.getShort());
        long from = Integer.toUnsignedLong(in.getInt());
        long until = Integer.toUnsignedLong(in.getInt());
        byte[] signature = new byte[64];
        in.get(signature);
        return new Certificate(version, from, until, signature);
    }

    /** The 74-byte plaintext form. */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) version).putInt((int) validFrom).putInt((int) notValidAfter).put(signature);
        return out.array();
    }

    /**
     * Checks the certificate for the server key the handshake carried, at time {@code now}: the
     * signature must verify against the authority key and {@code valid_from ≤ now ≤ not_valid_after}.
     */
    public void verify(byte[] serverXOnlyKey, byte[] authorityXOnlyKey, Instant now) throws InvalidCertificateException {
        byte[] message = signedHash(version, validFrom, notValidAfter, serverXOnlyKey);
        if (!Schnorr.verify(message, authorityXOnlyKey, signature)) {
            throw new InvalidCertificateException(NoiseException.Reason.CERTIFICATE_SIGNATURE_INVALID,
                    "the certificate for the pool's static key is not signed by the configured authority key");
        }
        long seconds = now.getEpochSecond();
        if (seconds < validFrom) {
            throw new InvalidCertificateException(NoiseException.Reason.CERTIFICATE_NOT_YET_VALID,
                    "valid from " + Instant.ofEpochSecond(validFrom) + ", now " + now);
        }
        if (seconds > notValidAfter) {
            throw new InvalidCertificateException(NoiseException.Reason.CERTIFICATE_EXPIRED,
                    "not valid after " + Instant.ofEpochSecond(notValidAfter) + ", now " + now);
        }
    }

    /** {@code SHA-256(version || valid_from || not_valid_after || server_public_key)}: the signed message. */
    static byte[] signedHash(int version, long validFrom, long notValidAfter, byte[] serverXOnlyKey) {
        if (serverXOnlyKey.length != 32) {
            throw new IllegalArgumentException("server public key: " + serverXOnlyKey.length + " bytes (expected: 32, x-only)");
        }
        ByteBuffer fields = ByteBuffer.allocate(2 + 4 + 4 + 32).order(ByteOrder.LITTLE_ENDIAN);
        fields.putShort((short) version).putInt((int) validFrom).putInt((int) notValidAfter).put(serverXOnlyKey);
        MessageDigest sha = Secp256k1.sha256();
        return sha.digest(fields.array());
    }

    public int version() {
        return version;
    }

    public Instant validFrom() {
        return Instant.ofEpochSecond(validFrom);
    }

    public Instant notValidAfter() {
        return Instant.ofEpochSecond(notValidAfter);
    }

    /** The 64-byte BIP340 signature (a copy). */
    public byte[] signature() {
        return signature.clone();
    }

    private static void requireU32(String name, long value) {
        if (value < 0 || value > U32_MAX) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: 0.." + U32_MAX + " unix seconds)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Certificate c && c.version == version && c.validFrom == validFrom
                && c.notValidAfter == notValidAfter && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Certificate[version=" + version + ", validFrom=" + validFrom() + ", notValidAfter=" + notValidAfter() + "]";
    }
}
