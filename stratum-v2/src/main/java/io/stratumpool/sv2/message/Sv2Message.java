package io.stratumpool.sv2.message;

import io.stratumpool.sv2.codec.Sv2Writer;

/** A Common or Mining protocol message: its type number, channel_msg flag and payload encoding. */
public sealed interface Sv2Message permits
        SetupConnection,
        SetupConnectionSuccess,
        SetupConnectionError,
        ChannelEndpointChanged,
        Reconnect,
        OpenStandardMiningChannel,
        OpenStandardMiningChannelSuccess,
        OpenMiningChannelError,
        OpenExtendedMiningChannel,
        OpenExtendedMiningChannelSuccess,
        NewMiningJob,
        UpdateChannel,
        UpdateChannelError,
        CloseChannel,
        SetExtranoncePrefix,
        SubmitSharesStandard,
        SubmitSharesExtended,
        SubmitSharesSuccess,
        SubmitSharesError,
        NewExtendedMiningJob,
        SetNewPrevHash,
        SetTarget {

    /** msg_type of the frame header (spec section 8). */
    int msgType();

    /** True when the frame sets channel_msg and the payload starts with channel_id. */
    boolean channelMessage();

    /** Writes the payload (the fields, without the frame header). */
    void write(Sv2Writer out);
}
