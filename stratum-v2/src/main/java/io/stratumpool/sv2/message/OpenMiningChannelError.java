package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * OpenMiningChannel.Error (0x12). Server → client: a standard or extended channel could not be opened.
 *
 * @param requestId request_id (U32)
 * @param errorCode error_code (STR0_255)
 */
public record OpenMiningChannelError(
        long requestId,
        String errorCode) implements Sv2Message {
    public OpenMiningChannelError {
        Fields.range("request_id", requestId, Fields.U32_MAX);
        Fields.str0_255("error_code", errorCode);
    }

    @Override
    public int msgType() {
        return MessageTypes.OPEN_MINING_CHANNEL_ERROR;
    }

    @Override
    public boolean channelMessage() {
        return false;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("request_id", requestId)
                .str0_255("error_code", errorCode);
    }

    static OpenMiningChannelError read(Sv2Reader in) throws Sv2DecodeException {
        OpenMiningChannelError message = new OpenMiningChannelError(
                in.u32("request_id"),
                in.str0_255("error_code"));
        in.end();
        return message;
    }
}
