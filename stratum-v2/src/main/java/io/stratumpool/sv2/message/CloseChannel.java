package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * CloseChannel (0x18, channel message). Either direction: the channel ends.
 *
 * @param channelId channel_id (U32)
 * @param reasonCode reason_code (STR0_255)
 */
public record CloseChannel(
        long channelId,
        String reasonCode) implements Sv2Message {
    public CloseChannel {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Fields.str0_255("reason_code", reasonCode);
    }

    @Override
    public int msgType() {
        return MessageTypes.CLOSE_CHANNEL;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId)
                .str0_255("reason_code", reasonCode);
    }

    static CloseChannel read(Sv2Reader in) throws Sv2DecodeException {
        CloseChannel message = new CloseChannel(
                in.u32("channel_id"),
                in.str0_255("reason_code"));
        in.end();
        return message;
    }
}
