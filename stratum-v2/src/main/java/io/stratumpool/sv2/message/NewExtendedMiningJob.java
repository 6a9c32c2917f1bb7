package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Bytes;
import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;
import io.stratumpool.sv2.codec.U256;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * NewExtendedMiningJob (0x1f, channel message). Server → client on an extended channel: coinbase prefix and suffix (without BIP141 fields) around the extranonce, and the merkle path.
 *
 * @param channelId channel_id (U32)
 * @param jobId job_id (U32)
 * @param minNtime min_ntime (OPTION[U32])
 * @param version version (U32)
 * @param versionRollingAllowed version_rolling_allowed (BOOL)
 * @param merklePath merkle_path (SEQ0_255[U256])
 * @param coinbaseTxPrefix coinbase_tx_prefix (B0_64K)
 * @param coinbaseTxSuffix coinbase_tx_suffix (B0_64K)
 */
public record NewExtendedMiningJob(
        long channelId,
        long jobId,
        OptionalLong minNtime,
        long version,
        boolean versionRollingAllowed,
        List<U256> merklePath,
        Bytes coinbaseTxPrefix,
        Bytes coinbaseTxSuffix) implements Sv2Message {
    public NewExtendedMiningJob {
        Fields.range("channel_id", channelId, Fields.U32_MAX);
        Fields.range("job_id", jobId, Fields.U32_MAX);
        Objects.requireNonNull(minNtime, "min_ntime");
        minNtime.ifPresent(v -> Fields.range("min_ntime", v, Fields.U32_MAX));
        Fields.range("version", version, Fields.U32_MAX);
        merklePath = List.copyOf(merklePath);
        Fields.maxCount("merkle_path", merklePath, 255);
        Fields.maxLength("coinbase_tx_prefix", coinbaseTxPrefix, 0xFFFF);
        Fields.maxLength("coinbase_tx_suffix", coinbaseTxSuffix, 0xFFFF);
    }

    @Override
    public int msgType() {
        return MessageTypes.NEW_EXTENDED_MINING_JOB;
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
                .bool(versionRollingAllowed)
                .seq0_255U256("merkle_path", merklePath)
                .b0_64k("coinbase_tx_prefix", coinbaseTxPrefix)
                .b0_64k("coinbase_tx_suffix", coinbaseTxSuffix);
    }

    static NewExtendedMiningJob read(Sv2Reader in) throws Sv2DecodeException {
        NewExtendedMiningJob message = new NewExtendedMiningJob(
                in.u32("channel_id"),
                in.u32("job_id"),
                in.optionU32("min_ntime"),
                in.u32("version"),
                in.bool("version_rolling_allowed"),
                in.seq0_255U256("merkle_path"),
                in.b0_64k("coinbase_tx_prefix"),
                in.b0_64k("coinbase_tx_suffix"));
        in.end();
        return message;
    }
}
