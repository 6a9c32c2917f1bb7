package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * SubmitShares.Success (0x1c, channel message). Server → client: a batch of accepted shares up to last_sequence_number.
 *
 * @param channelId channel_id (U32)
 * @param lastSequenceNumber last_sequence_number (U32)
 * @param newSubmitsAcceptedCount new_submits_accepted_count (U32)
 * @param newSharesSum new_shares_sum (U64)
 */
public record SubmitSharesSuccess(
        long channelId,
        long lastSequenceNumber,
        long newSubmitsAcceptedCount,
        long newSharesSum) implements Sv2Message {
    public SubmitSharesSuccess {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Fields.range("last_sequence_number", lastSequenceNumber, Fields.U32_MAX);
        Fields.range("new_submits_accepted_count", newSubmitsAcceptedCount, Fields.U32_MAX);
    }

    @Override
    public int msgType() {
        return MessageTypes.SUBMIT_SHARES_SUCCESS;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId)
                .u32("last_sequence_number", lastSequenceNumber)
                .u32("new_submits_accepted_count", newSubmitsAcceptedCount)
                .u64(newSharesSum);
    }

    static SubmitSharesSuccess read(Sv2Reader in) throws Sv2DecodeException {
        SubmitSharesSuccess message = new SubmitSharesSuccess(
                in.u32("channel_id"),
                in.u32("last_sequence_number"),
                in.u32("new_submits_accepted_count"),
                in.u64("new_shares_sum"));
        in.end();
        return message;
    }
}
