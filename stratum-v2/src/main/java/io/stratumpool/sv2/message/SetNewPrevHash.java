package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;
import io.stratumpool.sv2.codec.U256;
import java.util.Objects;

/**
 * SetNewPrevHash (0x20, channel message). Server → client: the new block tip, activating the future job job_id (only that one stays valid).
 *
 * @param channelId channel_id (U32)
 * @param jobId job_id (U32)
 * @param prevHash prev_hash (U256)
 * @param minNtime min_ntime (U32)
 * @param nbits nbits (U32)
 */
public record SetNewPrevHash(
        long channelId,
        long jobId,
        U256 prevHash,
        long minNtime,
        long nbits) implements Sv2Message {
    public SetNewPrevHash {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Fields.range("job_id", jobId, Fields.U32_MAX);
        Objects.requireNonNull(prevHash, "prev_hash");
        Fields.range("min_ntime", minNtime, Fields.U32_MAX);
        Fields.range("nbits", nbits, Fields.U32_MAX);
    }

    @Override
    public int msgType() {
        return MessageTypes.SET_NEW_PREV_HASH;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId)
                .u32("job_id", jobId)
                .u256(prevHash)
                .u32("min_ntime", minNtime)
                .u32("nbits", nbits);
    }

    static SetNewPrevHash read(Sv2Reader in) throws Sv2DecodeException {
        SetNewPrevHash message = new SetNewPrevHash(
                in.u32("channel_id"),
                in.u32("job_id"),
                in.u256("prev_hash"),
                in.u32("min_ntime"),
                in.u32("nbits"));
        in.end();
        return message;
    }
}
