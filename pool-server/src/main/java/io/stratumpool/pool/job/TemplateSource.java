package io.stratumpool.pool.job;

import io.stratumpool.validator.BlockTemplate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where work comes from: a Bitcoin node or the embedded sandbox chain. It pushes templates to its
 * listener on its own threads, never on a Netty event loop.
 */
public interface TemplateSource extends AutoCloseable {
    /** Starts watching for templates; the first one is delivered as soon as it is available. */
    void start(TemplateListener listener);

    /**
     * Checks a job's block (with any nonce) with the node before it is broadcast (BIP23 proposal).
     * Completes with empty when the node accepts it or cannot check, or with the node's reason.
     */
    default CompletableFuture<Optional<String>> propose(BlockTemplate template, byte[] block) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** The kind of source, used as a metrics label: {@code node}, {@code sandbox}. */
    default String kind() {
        return "custom";
    }

    /** True while the source can deliver templates (the node answers; the sandbox runs). */
    default boolean isUp() {
        return true;
    }

    /** Where to report the time taken to obtain each template and each failure; set before {@link #start}. */
    default void observeFetches(TemplateFetchObserver observer) {
    }

    @Override
    void close();
}
