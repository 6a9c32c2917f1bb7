package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;
import io.stratumpool.sv2.codec.U256;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * NewMiningJob (0x15, channel message). Server → client on a standard channel: a job with its merkle root; no min_ntime means a future job for the next SetNewPrevHash.
 *
 * @param channelId channel_id (U32)
 * @param jobId job_id (U32)
 * @param minNtime min_ntime (OPTION[U32])
 * @param version version (U32)
 * @param merkleRoot merkle_root (U256)
 */
public record NewMiningJob(
        long channelId,
        long jobId,
        OptionalLong minNtime,
        long version,
        U256 merkleRoot) implements Sv2Message {
    public NewMiningJob {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Fields.range("job_id", jobId, Fields.U32_MAX);
        Objects.requireNonNull(minNtime, "min_ntime");
        minNtime.ifPresent(v -> Fields.range("min_ntime", v, Fields.U32_MAX));
        Fields.range("version", version, Fields.U32_MAX);
        Objects.requireNonNull(merkleRoot, "merkle_root");
    }

    @Override
    public int msgType() {
        return MessageTypes.NEW_MINING_JOB;
    }

    @Override
    public boolean channelMessage() {
        return true;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("channel_id", channelId)
                .u32("job_id", jobId)
                .optionU32("min_ntime", minNtime)
                .u32("version", version)
                .u256(merkleRoot);
    }

    static NewMiningJob read(Sv2Reader in) throws Sv2DecodeException {
        NewMiningJob message = new NewMiningJob(
                in.u32("channel_id"),
                in.u32("job_id"),
                in.optionU32("min_ntime"),
                in.u32("version"),
                in.u256("merkle_root"));
        in.end();
        return message;
    }
}
