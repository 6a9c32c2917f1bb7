package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.FrameHeader;
import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;
import java.util.Arrays;

/** Frames ↔ messages for the Common and Mining protocols (extension_type 0). */
public final class Sv2Messages {
    private Sv2Messages() {
    }

    /** The payload of {@code message} (no header). */
    public static byte[] payload(Sv2Message message) {
        Sv2Writer out = new Sv2Writer();
        message.write(out);
        return out.toByteArray();
    }

    /** The whole plaintext frame: 6-byte header (extension 0, channel_msg as the message says) and payload. */
    public static byte[] frame(Sv2Message message) {
        byte[] payload = payload(message);
        byte[] header = FrameHeader.of(0, message.channelMessage(), message.msgType(), payload.length).encode();
        byte[] frame = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, frame, header.length, payload.length);
        return frame;
    }

    /** Decodes a whole plaintext frame (header and exactly msg_length payload bytes). */
    public static Sv2Message decodeFrame(byte[] frame) throws Sv2DecodeException {
        FrameHeader header = FrameHeader.decode(frame, 0);
        int available = frame.length - FrameHeader.LENGTH;
        if (available < header.msgLength()) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.TRUNCATED,
                    "frame announces " + header.msgLength() + " payload bytes, " + available + " present");
        }
        if (available > header.msgLength()) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.TRAILING_BYTES,
                    "frame announces " + header.msgLength() + " payload bytes, " + available + " present");
        }
        return decode(header, Arrays.copyOfRange(frame, FrameHeader.LENGTH, frame.length));
    }

    /**
     * Decodes the payload of a frame whose header was already read. The channel_msg bit is not
     * used to choose the message: the (extension, msg_type) pair decides, as in the reference
     * implementation.
     */
    public static Sv2Message decode(FrameHeader header, byte[] payload) throws Sv2DecodeException {
        if (header.extension() != 0) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.UNKNOWN_MESSAGE,
                    "extension 0x" + Integer.toHexString(header.extension()) + " is not supported");
        }
        if (payload.length != header.msgLength()) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.INVALID_VALUE,
                    "payload of " + payload.length + " bytes, header says " + header.msgLength());
        }
        Sv2Reader in = new Sv2Reader(payload, name(header.msgType()));
        return switch (header.msgType()) {
            case MessageTypes.SETUP_CONNECTION -> SetupConnection.read(in);
            case MessageTypes.SETUP_CONNECTION_SUCCESS -> SetupConnectionSuccess.read(in);
            case MessageTypes.SETUP_CONNECTION_ERROR -> SetupConnectionError.read(in);
            case MessageTypes.CHANNEL_ENDPOINT_CHANGED -> ChannelEndpointChanged.read(in);
            case MessageTypes.RECONNECT -> Reconnect.read(in);
            case MessageTypes.OPEN_STANDARD_MINING_CHANNEL -> OpenStandardMiningChannel.read(in);
            case MessageTypes.OPEN_STANDARD_MINING_CHANNEL_SUCCESS -> OpenStandardMiningChannelSuccess.read(in);
            case MessageTypes.OPEN_MINING_CHANNEL_ERROR -> OpenMiningChannelError.read(in);
            case MessageTypes.OPEN_EXTENDED_MINING_CHANNEL -> OpenExtendedMiningChannel.read(in);
            case MessageTypes.OPEN_EXTENDED_MINING_CHANNEL_SUCCESS -> OpenExtendedMiningChannelSuccess.read(in);
            case MessageTypes.NEW_MINING_JOB -> NewMiningJob.read(in);
            case MessageTypes.UPDATE_CHANNEL -> UpdateChannel.read(in);
            case MessageTypes.UPDATE_CHANNEL_ERROR -> UpdateChannelError.read(in);
            case MessageTypes.CLOSE_CHANNEL -> CloseChannel.read(in);
            case MessageTypes.SET_EXTRANONCE_PREFIX -> SetExtranoncePrefix.read(in);
            case MessageTypes.SUBMIT_SHARES_STANDARD -> SubmitSharesStandard.read(in);
            case MessageTypes.SUBMIT_SHARES_EXTENDED -> SubmitSharesExtended.read(in);
            case MessageTypes.SUBMIT_SHARES_SUCCESS -> SubmitSharesSuccess.read(in);
            case MessageTypes.SUBMIT_SHARES_ERROR -> SubmitSharesError.read(in);
            case MessageTypes.NEW_EXTENDED_MINING_JOB -> NewExtendedMiningJob.read(in);
            case MessageTypes.SET_NEW_PREV_HASH -> SetNewPrevHash.read(in);
            case MessageTypes.SET_TARGET -> SetTarget.read(in);
            default -> throw new Sv2DecodeException(Sv2DecodeException.Reason.UNKNOWN_MESSAGE,
                    "msg_type 0x" + Integer.toHexString(header.msgType()) + " is not a Common or Mining message this pool handles");
        };
    }

    /** The spec name of a message type, for errors and logs. */
    public static String name(int msgType) {
        return switch (msgType) {
            case MessageTypes.SETUP_CONNECTION -> "SetupConnection";
            case MessageTypes.SETUP_CONNECTION_SUCCESS -> "SetupConnectionSuccess";
            case MessageTypes.SETUP_CONNECTION_ERROR -> "SetupConnectionError";
            case MessageTypes.CHANNEL_ENDPOINT_CHANGED -> "ChannelEndpointChanged";
            case MessageTypes.RECONNECT -> "Reconnect";
            case MessageTypes.OPEN_STANDARD_MINING_CHANNEL -> "OpenStandardMiningChannel";
            case MessageTypes.OPEN_STANDARD_MINING_CHANNEL_SUCCESS -> "OpenStandardMiningChannelSuccess";
            case MessageTypes.OPEN_MINING_CHANNEL_ERROR -> "OpenMiningChannelError";
            case MessageTypes.OPEN_EXTENDED_MINING_CHANNEL -> "OpenExtendedMiningChannel";
            case MessageTypes.OPEN_EXTENDED_MINING_CHANNEL_SUCCESS -> "OpenExtendedMiningChannelSuccess";
            case MessageTypes.NEW_MINING_JOB -> "NewMiningJob";
            case MessageTypes.UPDATE_CHANNEL -> "UpdateChannel";
            case MessageTypes.UPDATE_CHANNEL_ERROR -> "UpdateChannelError";
            case MessageTypes.CLOSE_CHANNEL -> "CloseChannel";
            case MessageTypes.SET_EXTRANONCE_PREFIX -> "SetExtranoncePrefix";
            case MessageTypes.SUBMIT_SHARES_STANDARD -> "SubmitSharesStandard";
            case MessageTypes.SUBMIT_SHARES_EXTENDED -> "SubmitSharesExtended";
            case MessageTypes.SUBMIT_SHARES_SUCCESS -> "SubmitSharesSuccess";
            case MessageTypes.SUBMIT_SHARES_ERROR -> "SubmitSharesError";
            case MessageTypes.NEW_EXTENDED_MINING_JOB -> "NewExtendedMiningJob";
            case MessageTypes.SET_NEW_PREV_HASH -> "SetNewPrevHash";
            case MessageTypes.SET_TARGET -> "SetTarget";
            default -> "msg_type 0x" + Integer.toHexString(msgType);
        };
    }
}
