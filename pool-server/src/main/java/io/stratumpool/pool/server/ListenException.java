package io.stratumpool.pool.server;

import java.net.BindException;

/** A listener could not bind: names the address, the config key and what to do, on one line. */
public final class ListenException extends BindException {
    private static final long serialVersionUID = 1L;

    ListenException(String key, String host, int port, Throwable cause) {
        super("cannot listen on " + host + ":" + port + " (" + key + "): " + reason(cause)
                + " — stop the process using it or choose another port with --set " + key + "=N");
        initCause(cause);
    }

    /**
     * Thrown undeclared, as Netty's {@code sync()} throws the bind failure it replaces: callers of
     * {@code PoolServer.Builder.start()} keep their signatures and still see a {@link BindException}.
     */
    static RuntimeException undeclared(String key, String host, int port, Throwable cause) {
        return ListenException.<RuntimeException>sneaky(new ListenException(key, host, port, cause));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    private static String reason(Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        if (m.contains("Address already in use")) {
            return "the port is in use";
        }
        if (m.contains("Permission denied")) {
            return "permission denied (ports below 1024 need privileges)";
        }
        if (m.contains("Cannot assign requested address")) {
            return "no interface has this address";
        }
        return m;
    }
}
