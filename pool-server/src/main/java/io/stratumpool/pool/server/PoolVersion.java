package io.stratumpool.pool.server;

/** The pool's version, from the jar manifest ({@code dev} when run from classes). */
public final class PoolVersion {
    private PoolVersion() {
    }

    public static String get() {
        String v = PoolVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
