package io.stratumpool.pool.stratum;

/** The names the Stratum pipeline's handlers are added under. */
public final class ChannelHandlerNames {
    public static final String LIMITER = "limiter";
    public static final String TLS = "tls";
    public static final String DECODER = "decoder";
    public static final String ENCODER = "encoder";
    public static final String SESSION = "session";

    private ChannelHandlerNames() {
    }
}
