package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * SubmitSharesStandard (0x1a, channel message). Client → server: a share on a standard channel (nonce, ntime and full version).
 *
 * @param channelId channel_id (U32)
 * @param sequenceNumber sequence_number (U32)
 * @param jobId job_id (U32)
 * @param nonce nonce (U32)
 * @param ntime ntime (U32)
 * @param version version (U32)
 */
public record SubmitSharesStandard(
        long channelId,
        long sequenceNumber,
        long jobId,
        long nonce,
        long ntime,
        long version) implements Sv2Message {
    public SubmitSharesStandard {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Fields.range("sequence_number", sequenceNumber, Fields.U32_MAX);
        Fields.range("job_id", jobId, Fields.U32_MAX);
        Fields.range("nonce", nonce, Fields.U32_MAX);
        Fields.range("ntime", ntime, Fields.U32_MAX);
        Fields.range("version", version, Fields.U32_MAX);
    }

    @Override
    public int msgType() {
        return MessageTypes.SUBMIT_SHARES_STANDARD;
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
                .u32("version", version);
    }

    static SubmitSharesStandard read(Sv2Reader in) throws Sv2DecodeException {
        SubmitSharesStandard message = new SubmitSharesStandard(
                in.u32("channel_id"),
                in.u32("sequence_number"),
                in.u32("job_id"),
                in.u32("nonce"),
                in.u32("ntime"),
                in.u32("version"));
        in.end();
        return message;
    }
}
