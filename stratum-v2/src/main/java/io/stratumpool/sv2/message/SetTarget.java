package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;
import io.stratumpool.sv2.codec.U256;
import java.util.Objects;

/**
 * SetTarget (0x21, channel message). Server → client: the channel's maximum target from now on (vardiff).
 *
 * @param channelId channel_id (U32)
 * @param maximumTarget maximum_target (U256)
 */
public record SetTarget(
        long channelId,
        U256 maximumTarget) implements Sv2Message {
    public SetTarget {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Objects.requireNonNull(maximumTarget, "maximum_target");
    }

    @Override
    public int msgType() {
        return MessageTypes.SET_TARGET;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId)
                .u256(maximumTarget);
    }

    static SetTarget read(Sv2Reader in) throws Sv2DecodeException {
        SetTarget message = new SetTarget(
                in.u32("channel_id"),
                in.u256("maximum_target"));
        in.end();
        return message;
    }
}
