package io.stratumpool.sv2.noise;

/**
 * Reads encrypted frames from a byte stream in two steps, for any I/O layer: ask
 * {@link #bytesNeeded()}, read exactly that many bytes, hand them to {@link #accept(byte[])}.
 * First the 22-byte encrypted header (its msg_length is checked against the limit before any
 * payload is read), then the encrypted payload; the plaintext frame (header then payload) comes
 * back when complete. One per connection and direction; any exception ends the connection.
 */
public final class EncryptedFrameReader {
    private final NoiseSession session;
    private final int maxPayloadLength;
    private byte[] header; // decrypted header while its payload is awaited

    /** @param maxPayloadLength the largest msg_length accepted (at most 2^24 - 1) */
    public EncryptedFrameReader(NoiseSession session, int maxPayloadLength) {
        if (maxPayloadLength < 0 || maxPayloadLength > 0xFF_FFFF) {
            throw new IllegalArgumentException("maxPayloadLength: " + maxPayloadLength + " (expected: 0..16777215)");
        }
        this.session = session;
        this.maxPayloadLength = maxPayloadLength;
    }

    /** How many bytes {@link #accept} wants next. */
    public int bytesNeeded() {
        return header == null ? NoiseSession.ENCRYPTED_HEADER_LENGTH
                : NoiseSession.payloadCiphertextLength(NoiseSession.payloadLength(header));
    }

    /**
     * Takes exactly {@link #bytesNeeded()} bytes and returns the plaintext frame once complete,
     * or null when the header was read and its payload is awaited.
     */
    public byte[] accept(byte[] bytes) throws NoiseException {
        if (bytes.length != bytesNeeded()) {
            throw new IllegalArgumentException("accept: " + bytes.length + " bytes (expected: " + bytesNeeded() + ")");
        }
        if (header == null) {
            byte[] plainHeader = session.decryptHeader(bytes, 0);
            int payloadLength = NoiseSession.payloadLength(plainHeader);
            if (payloadLength > maxPayloadLength) {
                throw new NoiseException(NoiseException.Reason.FRAME_TOO_LARGE,
                        "msg_length " + payloadLength + " exceeds the limit of " + maxPayloadLength + " bytes");
            }
            if (payloadLength > 0) {
                header = plainHeader;
                return null;
            }
            return plainHeader;
        }
        byte[] plainHeader = header;
        int payloadLength = NoiseSession.payloadLength(plainHeader);
        byte[] payload = session.decryptPayload(bytes, 0, payloadLength);
        header = null;
        byte[] frame = java.util.Arrays.copyOf(plainHeader, NoiseSession.HEADER_LENGTH + payloadLength);
        System.arraycopy(payload, 0, frame, NoiseSession.HEADER_LENGTH, payloadLength);
        return frame;
    }
}
