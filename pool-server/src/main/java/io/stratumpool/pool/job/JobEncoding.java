package io.stratumpool.pool.job;

/**
 * A wire form of a job that a protocol edge builds once and every connection of that edge shares
 * (Stratum v1's {@code mining.notify} lines, for example). The job keeps what {@link #encode}
 * returned until it is forgotten, then hands it to {@link #release}.
 *
 * <p>Implementations are singletons: the instance is the key under which the job keeps its form.
 */
public interface JobEncoding<T> {
    T encode(JobEntry entry);

    /** Frees what {@link #encode} returned (a direct buffer, say) once no connection can send the job again. */
    default void release(T encoded) {
    }
}
