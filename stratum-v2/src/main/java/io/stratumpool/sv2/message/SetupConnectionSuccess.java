package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * SetupConnection.Success (0x01). Server → client: the version used for the connection and the server's feature flags.
 *
 * @param usedVersion used_version (U16)
 * @param flags flags (U32)
 */
public record SetupConnectionSuccess(
        int usedVersion,
        long flags) implements Sv2Message {
    public SetupConnectionSuccess {
        Fields.range("used_version", usedVersion, 0xFFFF);
        Fields.range("flags", flags, Fields.U32_MAX);
    }

    @Override
    public int msgType() {
        return MessageTypes.SETUP_CONNECTION_SUCCESS;
    }

    @Override
    public boolean channelMessage() {
        return false;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u16("used_version", usedVersion)
                .u32("flags", flags);
    }

    static SetupConnectionSuccess read(Sv2Reader in) throws Sv2DecodeException {
        SetupConnectionSuccess message = new SetupConnectionSuccess(
                in.u16("used_version"),
                in.u32("flags"));
        in.end();
        return message;
    }
}
