package io.stratumpool.sv2.message;

/**
 * The Mining protocol's SetupConnection flags (spec 5.3.1), bit 0 the least significant. This pool
 * never sets REQUIRES_FIXED_VERSION: firmware rolls version bits without asking.
 */
public final class SetupConnectionFlags {
    /** SetupConnection.protocol for the Mining protocol. */
    public static final int PROTOCOL_MINING = 0;
    /** The only protocol version that exists. */
    public static final int VERSION_2 = 2;

    // Client flags (SetupConnection.flags, SetupConnection.Error.flags)
    public static final long REQUIRES_STANDARD_JOBS = 1L;
    public static final long REQUIRES_WORK_SELECTION = 1L << 1;
    public static final long REQUIRES_VERSION_ROLLING = 1L << 2;

    // Server flags (SetupConnection.Success.flags)
    public static final long REQUIRES_FIXED_VERSION = 1L;
    public static final long REQUIRES_EXTENDED_CHANNELS = 1L << 1;

    private SetupConnectionFlags() {
    }
}
