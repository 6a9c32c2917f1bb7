package io.stratumpool.sv2.noise;

/**
 * A handshake or transport message that must end the connection, with the reason the edge counts.
 * Checked: every caller sits on a network path and has to decide to close.
 */
public class NoiseException extends Exception {
    /** Why a Noise message was refused. */
    public enum Reason {
        /** A handshake message or frame of the wrong length. */
        BAD_LENGTH,
        /** ChaCha20-Poly1305 authentication failed: tampered, truncated or out-of-order ciphertext. */
        DECRYPT_FAILED,
        /** The certificate's signature does not verify against the configured authority key. */
        CERTIFICATE_SIGNATURE_INVALID,
        /** The current time is after the certificate's not_valid_after. */
        CERTIFICATE_EXPIRED,
        /** The current time is before the certificate's valid_from. */
        CERTIFICATE_NOT_YET_VALID,
        /** A frame header announces a payload beyond the reader's limit. */
        FRAME_TOO_LARGE,
        /** 2^64 - 1 messages were sent or received with one key; Noise forbids reusing the last nonce. */
        NONCE_EXHAUSTED
    }

    private final Reason reason;

    public NoiseException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public NoiseException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** Why the message was refused. */
    public Reason reason() {
        return reason;
    }
}
