package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * UpdateChannel.Error (0x17, channel message). Server → client: an UpdateChannel was invalid.
 *
 * @param channelId channel_id (U32)
 * @param errorCode error_code (STR0_255)
 */
public record UpdateChannelError(
        long channelId,
        String errorCode) implements Sv2Message {
    public UpdateChannelError {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Fields.str0_255("error_code", errorCode);
    }

    @Override
    public int msgType() {
        return MessageTypes.UPDATE_CHANNEL_ERROR;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId)
                .str0_255("error_code", errorCode);
    }

    static UpdateChannelError read(Sv2Reader in) throws Sv2DecodeException {
        UpdateChannelError message = new UpdateChannelError(
                in.u32("channel_id"),
                in.str0_255("error_code"));
        in.end();
        return message;
    }
}
