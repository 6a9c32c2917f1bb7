package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * SubmitSharesExtended (0x1b, channel message). Client → server: a share on an extended channel, with the miner's extranonce.
 *
 * @param channelId channel_id (U32)
 * @param sequenceNumber sequence_number (U32)
 * @param jobId job_id (U32)
 * @param nonce nonce (U32)
 * @param ntime ntime (U32)
 * @param version version (U32)
 * @param extranonce extranonce (B0_32)
 */
public record SubmitSharesExtended(
        long channelId,
        long sequenceNumber,
        long jobId,
        long nonce,
        long ntime,
        long version,
        Bytes extranonce) implements Sv2Message {
    public SubmitSharesExtended {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Fields.range("sequence_number", sequenceNumber, Fields.U32_MAX);
        Fields.range("job_id", jobId, Fields.U32_MAX);
        Fields.range("nonce", nonce, Fields.U32_MAX);
        Fields.range("ntime", ntime, Fields.U32_MAX);
        Fields.range("version", version, Fields.U32_MAX);
        Fields.maxLength("extranonce", extranonce, 32);
    }

    @Override
    public int msgType() {
        return MessageTypes.SUBMIT_SHARES_EXTENDED;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId)
                .u32("sequence_number", sequenceNumber)
                .u32("job_id", jobId)
                .u32("nonce", nonce)
                .u32("ntime", ntime)
                .u32("version", version)
                .b0_32("extranonce", extranonce);
    }

    static SubmitSharesExtended read(Sv2Reader in) throws Sv2DecodeException {
        SubmitSharesExtended message = new SubmitSharesExtended(
                in.u32("channel_id"),
                in.u32("sequence_number"),
                in.u32("job_id"),
                in.u32("nonce"),
                in.u32("ntime"),
                in.u32("version"),
                in.b0_32("extranonce"));
        in.end();
        return message;
    }
}
