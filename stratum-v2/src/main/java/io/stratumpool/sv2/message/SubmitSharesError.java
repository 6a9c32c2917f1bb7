package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * SubmitShares.Error (0x1d, channel message). Server → client: one rejected share and why (see ErrorCodes).
 *
 * @param channelId channel_id (U32)
 * @param sequenceNumber sequence_number (U32)
 * @param errorCode error_code (STR0_255)
 */
public record SubmitSharesError(
        long channelId,
        long sequenceNumber,
        String errorCode) implements Sv2Message {
    public SubmitSharesError {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Fields.range("sequence_number", sequenceNumber, Fields.U32_MAX);
        Fields.str0_255("error_code", errorCode);
    }

    @Override
    public int msgType() {
        return MessageTypes.SUBMIT_SHARES_ERROR;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId)
                .u32("sequence_number", sequenceNumber)
                .str0_255("error_code", errorCode);
    }

    static SubmitSharesError read(Sv2Reader in) throws Sv2DecodeException {
        SubmitSharesError message = new SubmitSharesError(
                in.u32("channel_id"),
                in.u32("sequence_number"),
                in.str0_255("error_code"));
        in.end();
        return message;
    }
}
