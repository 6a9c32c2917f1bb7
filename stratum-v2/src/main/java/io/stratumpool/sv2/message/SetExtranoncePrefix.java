package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * SetExtranoncePrefix (0x19, channel message). Server → client: a new extranonce prefix for jobs sent after it.
 *
 * @param channelId channel_id (U32)
 * @param extranoncePrefix extranonce_prefix (B0_32)
 */
public record SetExtranoncePrefix(
        long channelId,
        Bytes extranoncePrefix) implements Sv2Message {
    public SetExtranoncePrefix {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Fields.maxLength("extranonce_prefix", extranoncePrefix, 32);
    }

    @Override
    public int msgType() {
        return MessageTypes.SET_EXTRANONCE_PREFIX;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId)
                .b0_32("extranonce_prefix", extranoncePrefix);
    }

    static SetExtranoncePrefix read(Sv2Reader in) throws Sv2DecodeException {
        SetExtranoncePrefix message = new SetExtranoncePrefix(
                in.u32("channel_id"),
                in.b0_32("extranonce_prefix"));
        in.end();
        return message;
    }
}
