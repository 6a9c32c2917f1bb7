package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;
import io.stratumpool.sv2.codec.U256;
import java.util.Objects;

/**
 * OpenExtendedMiningChannel (0x13). Client → server: open an extended channel needing at least min_extranonce_size bytes of extranonce.
 *
 * @param requestId request_id (U32)
 * @param userIdentity user_identity (STR0_255)
 * @param nominalHashRate nominal_hash_rate (F32)
 * @param maxTarget max_target (U256)
 * @param minExtranonceSize min_extranonce_size (U16)
 */
public record OpenExtendedMiningChannel(
        long requestId,
        String userIdentity,
        float nominalHashRate,
        U256 maxTarget,
        int minExtranonceSize) implements Sv2Message {
    public OpenExtendedMiningChannel {
        Fields.range("request_id", requestId, Fields.U32_MAX);
        Fields.str0_255("user_identity", userIdentity);
        Objects.requireNonNull(maxTarget, "max_target");
        Fields.range("min_extranonce_size", minExtranonceSize, 0xFFFF);
    }

    @Override
    public int msgType() {
        return MessageTypes.OPEN_EXTENDED_MINING_CHANNEL;
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
                .u256(maxTarget)
                .u16("min_extranonce_size", minExtranonceSize);
    }

    static OpenExtendedMiningChannel read(Sv2Reader in) throws Sv2DecodeException {
        OpenExtendedMiningChannel message = new OpenExtendedMiningChannel(
                in.u32("request_id"),
                in.str0_255("user_identity"),
                in.f32("nominal_hash_rate"),
                in.u256("max_target"),
                in.u16("min_extranonce_size"));
        in.end();
        return message;
    }
}
