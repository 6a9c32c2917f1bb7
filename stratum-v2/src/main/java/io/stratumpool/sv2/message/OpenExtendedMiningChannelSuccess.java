package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;
import io.stratumpool.sv2.codec.U256;
import java.util.Objects;

/**
 * OpenExtendedMiningChannel.Success (0x14). Server → client: the extended channel is open, with its extranonce size and prefix.
 *
 * @param requestId request_id (U32)
 * @param channelId channel_id (U32)
 * @param target target (U256)
 * @param extranonceSize extranonce_size (U16)
 * @param extranoncePrefix extranonce_prefix (B0_32)
 * @param groupChannelId group_channel_id (U32)
 */
public record OpenExtendedMiningChannelSuccess(
        long requestId,
        long channelId,
        U256 target,
        int extranonceSize,
        Bytes extranoncePrefix,
        long groupChannelId) implements Sv2Message {
    public OpenExtendedMiningChannelSuccess {
        Fields.range("request_id", requestId, Fields.U32_MAX);
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Objects.requireNonNull(target, "target");
        Fields.range("extranonce_size", extranonceSize, 0xFFFF);
        Fields.maxLength("extranonce_prefix", extranoncePrefix, 32);
        Fields.range("group_channel_id", groupChannelId, Fields.U32_MAX);
    }

    @Override
    public int msgType() {
        return MessageTypes.OPEN_EXTENDED_MINING_CHANNEL_SUCCESS;
    }

    @Override
    public boolean channelMessage() {
        return false;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("request_id", requestId)
                .u32("channel_id", channelId)
                .u256(target)
                .u16("extranonce_size", extranonceSize)
                .b0_32("extranonce_prefix", extranoncePrefix)
                .u32("group_channel_id", groupChannelId);
    }

    static OpenExtendedMiningChannelSuccess read(Sv2Reader in) throws Sv2DecodeException {
        OpenExtendedMiningChannelSuccess message = new OpenExtendedMiningChannelSuccess(
                in.u32("request_id"),
                in.u32("channel_id"),
                in.u256("target"),
                in.u16("extranonce_size"),
                in.b0_32("extranonce_prefix"),
                in.u32("group_channel_id"));
        in.end();
        return message;
    }
}
