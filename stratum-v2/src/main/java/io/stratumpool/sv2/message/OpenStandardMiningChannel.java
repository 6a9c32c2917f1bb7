package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;
import io.stratumpool.sv2.codec.U256;
import java.util.Objects;

/**
 * OpenStandardMiningChannel (0x10). Client → server: open a standard (header-only) channel.
 *
 * @param requestId request_id (U32)
 * @param userIdentity user_identity (STR0_255)
 * @param nominalHashRate nominal_hash_rate (F32)
 * @param maxTarget max_target (U256)
 */
public record OpenStandardMiningChannel(
        long requestId,
        String userIdentity,
        float nominalHashRate,
        U256 maxTarget) implements Sv2Message {
    public OpenStandardMiningChannel {
        Fields.range("request_id", requestId, Fields.U32_MAX);
        Fields.str0_255("user_identity", userIdentity);
        Objects.requireNonNull(maxTarget, "max_target");
    }

    @Override
    public int msgType() {
        return MessageTypes.OPEN_STANDARD_MINING_CHANNEL;
    }

    @Override
    public boolean channelMessage() {
        return false;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("request_id", requestId)
                .str0_255("user_identity", userIdentity)
                .f32(nominalHashRate)
                .u256(maxTarget);
    }

    static OpenStandardMiningChannel read(Sv2Reader in) throws Sv2DecodeException {
        OpenStandardMiningChannel message = new OpenStandardMiningChannel(
                in.u32("request_id"),
                in.str0_255("user_identity"),
                in.f32("nominal_hash_rate"),
                in.u256("max_target"));
        in.end();
        return message;
    }
}
