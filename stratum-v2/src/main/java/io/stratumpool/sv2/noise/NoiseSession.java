package io.stratumpool.sv2.noise;

import java.util.Arrays;

/**
 * The encrypted transport after the handshake (spec section 4.6). A frame is the 6-byte header
 * (extension_type U16, msg_type U8, msg_length U24, little-endian; msg_length counts plaintext
 * payload bytes) encrypted as its own AEAD message (22 bytes), then the payload in chunks of at
 * most 65519 plaintext bytes, each encrypted to at most 65535 bytes. Not thread-safe: one sender
 * and one receiver per connection, in order.
 */
public final class NoiseSession {
    /** Plaintext frame header length. */
    public static final int HEADER_LENGTH = 6;
    /** Encrypted frame header length. */
    public static final int ENCRYPTED_HEADER_LENGTH = HEADER_LENGTH + CipherState.MAC_LENGTH;
    /** The largest Noise transport message (ciphertext with its MAC). */
    public static final int MAX_CIPHERTEXT_BLOCK = 65535;
    /** The largest plaintext chunk of a payload. */
    public static final int MAX_PLAINTEXT_BLOCK = MAX_CIPHERTEXT_BLOCK - CipherState.MAC_LENGTH;
    private static final byte[] NO_AD = new byte[0];

    private final CipherState sender;
    private final CipherState receiver;
    private final byte[] handshakeHash;

    NoiseSession(CipherState sender, CipherState receiver, byte[] handshakeHash) {
        this.sender = sender;
        this.receiver = receiver;
        this.handshakeHash = handshakeHash;
    }

    /** Ciphertext length of a payload of {@code plaintextLength} bytes (the spec's pt_len_to_ct_len). */
    public static int payloadCiphertextLength(int plaintextLength) {
        int remainder = plaintextLength % MAX_PLAINTEXT_BLOCK;
        return plaintextLength / MAX_PLAINTEXT_BLOCK * MAX_CIPHERTEXT_BLOCK
                + (remainder > 0 ? remainder + CipherState.MAC_LENGTH : 0);
    }

    /** The payload length (msg_length, U24 little-endian) a plaintext header announces. */
    public static int payloadLength(byte[] header) {
        if (header.length != HEADER_LENGTH) {
            throw new IllegalArgumentException("frame header: " + header.length + " bytes (expected: 6)");
        }
        return (header[3] & 0xFF) | (header[4] & 0xFF) << 8 | (header[5] & 0xFF) << 16;
    }

    /**
     * Encrypts one plaintext frame (6-byte header, then exactly msg_length payload bytes) into
     * the encrypted header followed by the encrypted payload chunks.
     */
    public byte[] encryptFrame(byte[] frame) throws NoiseException {
        if (frame.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("frame: " + frame.length + " bytes, shorter than its 6-byte header");
        }
        int payloadLength = payloadLength(Arrays.copyOf(frame, HEADER_LENGTH));
        if (frame.length - HEADER_LENGTH != payloadLength) {
            throw new IllegalArgumentException("frame: header says " + payloadLength + " payload bytes, frame has "
                    + (frame.length - HEADER_LENGTH));
        }
        byte[] out = new byte[ENCRYPTED_HEADER_LENGTH + payloadCiphertextLength(payloadLength)];
        System.arraycopy(sender.encryptWithAd(NO_AD, frame, 0, HEADER_LENGTH), 0, out, 0, ENCRYPTED_HEADER_LENGTH);
        int written = ENCRYPTED_HEADER_LENGTH;
        for (int offset = HEADER_LENGTH; offset < frame.length; offset += MAX_PLAINTEXT_BLOCK) {
            int chunk = Math.min(MAX_PLAINTEXT_BLOCK, frame.length - offset);
            byte[] block = sender.encryptWithAd(NO_AD, frame, offset, chunk);
            System.arraycopy(block, 0, out, written, block.length);
            written += block.length;
        }
        return out;
    }

    /** Decrypts the 22-byte encrypted header at {@code offset} into the 6-byte plaintext header. */
    public byte[] decryptHeader(byte[] ciphertext, int offset) throws NoiseException {
        if (ciphertext.length - offset < ENCRYPTED_HEADER_LENGTH) {
            throw new NoiseException(NoiseException.Reason.BAD_LENGTH, "encrypted header truncated to "
                    + Math.max(0, ciphertext.length - offset) + " bytes (expected: 22)");
        }
        return receiver.decryptWithAd(NO_AD, ciphertext, offset, ENCRYPTED_HEADER_LENGTH);
    }

    /**
     * Decrypts a payload of {@code plaintextLength} bytes (from the decrypted header) whose
     * {@link #payloadCiphertextLength} bytes start at {@code offset}.
     */
    public byte[] decryptPayload(byte[] ciphertext, int offset, int plaintextLength) throws NoiseException {
        int ciphertextLength = payloadCiphertextLength(plaintextLength);
        if (ciphertext.length - offset < ciphertextLength) {
            throw new NoiseException(NoiseException.Reason.BAD_LENGTH, "encrypted payload truncated to "
                    + Math.max(0, ciphertext.length - offset) + " bytes (expected: " + ciphertextLength + ")");
        }
        byte[] out = new byte[plaintextLength];
        int read = offset;
        for (int written = 0; written < plaintextLength; written += MAX_PLAINTEXT_BLOCK) {
            int chunk = Math.min(MAX_PLAINTEXT_BLOCK, plaintextLength - written);
            byte[] plain = receiver.decryptWithAd(NO_AD, ciphertext, read, chunk + CipherState.MAC_LENGTH);
            System.arraycopy(plain, 0, out, written, chunk);
            read += chunk + CipherState.MAC_LENGTH;
        }
        return out;
    }

    /**
     * Decrypts one whole encrypted frame (header and payload, nothing after it) into the plaintext
     * frame: header then payload.
     */
    public byte[] decryptFrame(byte[] encryptedFrame) throws NoiseException {
        byte[] header = decryptHeader(encryptedFrame, 0);
        int payloadLength = payloadLength(header);
        int expected = ENCRYPTED_HEADER_LENGTH + payloadCiphertextLength(payloadLength);
        if (encryptedFrame.length != expected) {
            throw new NoiseException(NoiseException.Reason.BAD_LENGTH, "encrypted frame of " + encryptedFrame.length
                    + " bytes, its header announces " + expected);
        }
        byte[] payload = decryptPayload(encryptedFrame, ENCRYPTED_HEADER_LENGTH, payloadLength);
        byte[] frame = Arrays.copyOf(header, HEADER_LENGTH + payloadLength);
        System.arraycopy(payload, 0, frame, HEADER_LENGTH, payloadLength);
        return frame;
    }

    /** The final handshake hash (a copy): equal on both sides; a channel-binding value. */
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }
}
