package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;
import io.stratumpool.sv2.codec.U256;
import java.util.Objects;

/**
 * UpdateChannel (0x16, channel message). Client → server: a channel's new nominal hashrate and maximum target.
 *
 * @param channelId channel_id (U32)
 * @param nominalHashRate nominal_hash_rate (F32)
 * @param maximumTarget maximum_target (U256)
 */
public record UpdateChannel(
        long channelId,
        float nominalHashRate,
        U256 maximumTarget) implements Sv2Message {
    public UpdateChannel {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Objects.requireNonNull(maximumTarget, "maximum_target");
    }

    @Override
    public int msgType() {
        return MessageTypes.UPDATE_CHANNEL;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId)
                .f32(nominalHashRate)
                .u256(maximumTarget);
    }

    static UpdateChannel read(Sv2Reader in) throws Sv2DecodeException {
        UpdateChannel message = new UpdateChannel(
                in.u32("channel_id"),
                in.f32("nominal_hash_rate"),
                in.u256("maximum_target"));
        in.end();
        return message;
    }
}
