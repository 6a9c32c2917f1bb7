package io.stratumpool.sv2.codec;

/**
 * The 6-byte frame header: extension_type (U16, its most significant bit the channel_msg flag),
 * msg_type (U8) and msg_length (U24, payload bytes after the header), all little-endian.
 *
 * @param extensionType the full U16, channel_msg bit included
 * @param msgType 0..255
 * @param msgLength 0..2^24-1
 */
public record FrameHeader(int extensionType, int msgType, int msgLength) {
    /** Header length on the wire. */
    public static final int LENGTH = 6;
    /** The channel_msg flag: the most significant bit of extension_type. */
    public static final int CHANNEL_MSG_BIT = 0x8000;
    /** The largest msg_length a U24 holds. */
    public static final int MAX_MSG_LENGTH = 0xFF_FFFF;

    public FrameHeader {
        if (extensionType < 0 || extensionType > 0xFFFF) {
            throw new IllegalArgumentException("extension_type: " + extensionType + " (expected: 0..65535)");
        }
        if (msgType < 0 || msgType > 0xFF) {
            throw new IllegalArgumentException("msg_type: " + msgType + " (expected: 0..255)");
        }
        if (msgLength < 0 || msgLength > MAX_MSG_LENGTH) {
            throw new IllegalArgumentException("msg_length: " + msgLength + " (expected: 0.." + MAX_MSG_LENGTH + ")");
        }
    }

    /** A header for an extension (0 for the core protocols), setting channel_msg as asked. */
    public static FrameHeader of(int extension, boolean channelMessage, int msgType, int msgLength) {
        if ((extension & CHANNEL_MSG_BIT) != 0) {
            throw new IllegalArgumentException("extension: 0x" + Integer.toHexString(extension)
                    + " has the channel_msg bit set (expected: 0..0x7fff)");
        }
        return new FrameHeader(channelMessage ? extension | CHANNEL_MSG_BIT : extension, msgType, msgLength);
    }

    /** True when the payload starts with the U32 channel_id of a channel message. */
    public boolean channelMessage() {
        return (extensionType & CHANNEL_MSG_BIT) != 0;
    }

    /** The extension without the channel_msg bit (0 for Common and Mining protocol messages). */
    public int extension() {
        return extensionType & ~CHANNEL_MSG_BIT;
    }

    /** The 6 bytes on the wire. */
    public byte[] encode() {
        return new byte[] {(byte) extensionType, (byte) (extensionType >>> 8), (byte) msgType,
                (byte) msgLength, (byte) (msgLength >>> 8), (byte) (msgLength >>> 16)};
    }

    /** Reads a header at {@code offset}. */
    public static FrameHeader decode(byte[] bytes, int offset) throws Sv2DecodeException {
        if (bytes.length - offset < LENGTH) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.TRUNCATED, "frame header needs 6 bytes, "
                    + Math.max(0, bytes.length - offset) + " available");
        }
        int extensionType = (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
        int msgLength = (bytes[offset + 3] & 0xFF) | (bytes[offset + 4] & 0xFF) << 8 | (bytes[offset + 5] & 0xFF) << 16;
        return new FrameHeader(extensionType, bytes[offset + 2] & 0xFF, msgLength);
    }
}
