package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * ChannelEndpointChanged (0x03, channel message). Server → client: a channel's endpoint changed; extension state resets.
 *
 * @param channelId channel_id (U32)
 */
public record ChannelEndpointChanged(
        long channelId) implements Sv2Message {
    public ChannelEndpointChanged {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
    }

    @Override
    public int msgType() {
        return MessageTypes.CHANNEL_ENDPOINT_CHANGED;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId);
    }

    static ChannelEndpointChanged read(Sv2Reader in) throws Sv2DecodeException {
        ChannelEndpointChanged message = new ChannelEndpointChanged(
                in.u32("channel_id"));
        in.end();
        return message;
    }
}
