package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2DecodeException;
import io.stratumpool.sv2.codec.Sv2Reader;
import io.stratumpool.sv2.codec.Sv2Writer;

/**
 * SetupConnection (0x00). Client → server, first message: the sub-protocol, version range, feature flags and device information (firmware may be empty).
 *
 * @param protocol protocol (U8)
 * @param minVersion min_version (U16)
 * @param maxVersion max_version (U16)
 * @param flags flags (U32)
 * @param endpointHost endpoint_host (STR0_255)
 * @param endpointPort endpoint_port (U16)
 * @param vendor vendor (STR0_255)
 * @param hardwareVersion hardware_version (STR0_255)
 * @param firmware firmware (STR0_255)
 * @param deviceId device_id (STR0_255)
 */
public record SetupConnection(
        int protocol,
        int minVersion,
        int maxVersion,
        long flags,
        String endpointHost,
        int endpointPort,
        String vendor,
        String hardwareVersion,
        String firmware,
        String deviceId) implements Sv2Message {
    public SetupConnection {
        Fields.range("protocol", protocol, 0xFF);
        Fields.range("min_version", minVersion, 0xFFFF);
        Fields.range("max_version", maxVersion, 0xFFFF);
        Fields.range("flags", flags, Fields.U32_MAX);
        Fields.str0_255("endpoint_host", endpointHost);
        Fields.range("endpoint_port", endpointPort, 0xFFFF);
        Fields.str0_255("vendor", vendor);
        Fields.str0_255("hardware_version", hardwareVersion);
        Fields.str0_255("firmware", firmware);
        Fields.str0_255("device_id", deviceId);
    }

    @Override
    public int msgType() {
        return MessageTypes.SETUP_CONNECTION;
    }

    @Override
    public boolean channelMessage() {
        return false;
    }

    @Override
    public void write(Sv2Writer out) {
        out.u8("protocol", protocol)
                .u16("min_version", minVersion)
                .u16("max_version", maxVersion)
                .u32("flags", flags)
                .str0_255("endpoint_host", endpointHost)
                .u16("endpoint_port", endpointPort)
                .str0_255("vendor", vendor)
                .str0_255("hardware_version", hardwareVersion)
                .str0_255("firmware", firmware)
                .str0_255("device_id", deviceId);
    }

    static SetupConnection read(Sv2Reader in) throws Sv2DecodeException {
        SetupConnection message = new SetupConnection(
                in.u8("protocol"),
                in.u16("min_version"),
                in.u16("max_version"),
                in.u32("flags"),
                in.str0_255("endpoint_host"),
                in.u16("endpoint_port"),
                in.str0_255("vendor"),
                in.str0_255("hardware_version"),
                in.str0_255("firmware"),
                in.str0_255("device_id"));
        in.end();
        return message;
    }
}
