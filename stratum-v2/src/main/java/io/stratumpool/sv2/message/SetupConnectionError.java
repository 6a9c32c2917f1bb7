package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * SetupConnection.Error (0x02). Server → client before closing: the unsupported flags (0 for other causes) and an error code.
 *
 * @param flags flags (U32)
 * @param errorCode error_code (STR0_255)
 */
public record SetupConnectionError(
        long flags,
        String errorCode) implements Sv2Message {
    public SetupConnectionError {
        Fields.range("flags", flags, Fields.U32_MAX);
        Fields.str0_255("error_code", errorCode);
    }

    @Override
    public int msgType() {
        return MessageTypes.SETUP_CONNECTION_ERROR;
    }

    @Override
    public boolean channelMessage() {
        return false;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u32("flags", flags)
                .str0_255("error_code", errorCode);
    }

    static SetupConnectionError read(Sv2Reader in) throws Sv2DecodeException {
        SetupConnectionError message = new SetupConnectionError(
                in.u32("flags"),
                in.str0_255("error_code"));
        in.end();
        return message;
    }
}
