package io.stratumpool.pool.job;

/**
 * Told how long each template took to obtain and of each failed attempt, whatever the source: a
 * node's {@code getblocktemplate} call or the sandbox building one. Feeds the source-neutral
 * template metrics, so operators see template health on any source.
 */
public interface TemplateFetchObserver {
    TemplateFetchObserver NONE = new TemplateFetchObserver() {
        @Override
        public void fetched(long nanos) {
        }

        @Override
        public void failed() {
        }
    };

    void fetched(long nanos);

    void failed();
}
