package io.stratumpool.sv2.message;

/** Message type numbers of spec section 8 for the Common and Mining protocols. */
public final class MessageTypes {
    public static final int SETUP_CONNECTION = 0x00;
    public static final int SETUP_CONNECTION_SUCCESS = 0x01;
    public static final int SETUP_CONNECTION_ERROR = 0x02;
    public static final int CHANNEL_ENDPOINT_CHANGED = 0x03;
    public static final int RECONNECT = 0x04;
    public static final int OPEN_STANDARD_MINING_CHANNEL = 0x10;
    public static final int OPEN_STANDARD_MINING_CHANNEL_SUCCESS = 0x11;
    public static final int OPEN_MINING_CHANNEL_ERROR = 0x12;
    public static final int OPEN_EXTENDED_MINING_CHANNEL = 0x13;
    public static final int OPEN_EXTENDED_MINING_CHANNEL_SUCCESS = 0x14;
    public static final int NEW_MINING_JOB = 0x15;
    public static final int UPDATE_CHANNEL = 0x16;
    public static final int UPDATE_CHANNEL_ERROR = 0x17;
    public static final int CLOSE_CHANNEL = 0x18;
    public static final int SET_EXTRANONCE_PREFIX = 0x19;
    public static final int SUBMIT_SHARES_STANDARD = 0x1a;
    public static final int SUBMIT_SHARES_EXTENDED = 0x1b;
    public static final int SUBMIT_SHARES_SUCCESS = 0x1c;
    public static final int SUBMIT_SHARES_ERROR = 0x1d;
    public static final int NEW_EXTENDED_MINING_JOB = 0x1f;
    public static final int SET_NEW_PREV_HASH = 0x20;
    public static final int SET_TARGET = 0x21;

    private MessageTypes() {
    }
}
