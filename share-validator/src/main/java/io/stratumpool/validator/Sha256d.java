package io.stratumpool.validator;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Double SHA-256 on the JDK's {@link MessageDigest}, which HotSpot compiles to the CPU's SHA
 * instructions. An instance is not thread-safe: keep one per thread ({@link #local()}).
 */
public final class Sha256d {
    private static final ThreadLocal<Sha256d> LOCAL = ThreadLocal.withInitial(Sha256d::new);

    private final MessageDigest digest;
    private final byte[] first = new byte[32];

    public Sha256d() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    /** The calling thread's instance. */
    public static Sha256d local() {
        return LOCAL.get();
    }

    /** SHA-256d of the whole array, as a new 32-byte array (internal byte order). */
    public static byte[] of(byte[] data) {
        byte[] out = new byte[32];
        local().hash(data, 0, data.length, out, 0);
        return out;
    }

    /** Single SHA-256 of the whole array. */
    public static byte[] sha256(byte[] data) {
        MessageDigest md = local().digest;
        md.reset();
        return md.digest(data);
    }

    /** Writes SHA-256d of {@code data[offset, offset+length)} into {@code out[outOffset, +32)}. */
    public void hash(byte[] data, int offset, int length, byte[] out, int outOffset) {
        try {
            digest.update(data, offset, length);
            digest.digest(first, 0, 32);
            digest.update(first, 0, 32);
            digest.digest(out, outOffset, 32);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256d of the 64 bytes {@code left || right}, into {@code out}; used for merkle nodes. */
    public void hashPair(byte[] left, int leftOffset, byte[] right, int rightOffset, byte[] out, int outOffset) {
        try {
            digest.update(left, leftOffset, 32);
            digest.update(right, rightOffset, 32);
            digest.digest(first, 0, 32);
            digest.update(first, 0, 32);
            digest.digest(out, outOffset, 32);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
