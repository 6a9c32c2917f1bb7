package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * Reconnect (0x04). Server → client: reconnect (empty host or port 0: the present one) and run the handshake again against the same authority key.
 *
 * @param newHost new_host (STR0_255)
 * @param newPort new_port (U16)
 */
public record Reconnect(
        String newHost,
        int newPort) implements Sv2Message {
    public Reconnect {
        Fields.str0_255("new_host", newHost);
        Fields.range("new_port", newPort, 0xFFFF);
    }

    @Override
    public int msgType() {
        return MessageTypes.RECONNECT;
    }

    @Override
    public boolean channelMessage() {
        return false;
    }

    @Override
    public void write(Sv2Writer out) {
        out.str0_255("new_host", newHost)
                .u16("new_port", newPort);
    }

    static Reconnect read(Sv2Reader in) throws Sv2DecodeException {
        Reconnect message = new Reconnect(
                in.str0_255("new_host"),
                in.u16("new_port"));
        in.end();
        return message;
    }
}
