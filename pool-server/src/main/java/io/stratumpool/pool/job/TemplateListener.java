package io.stratumpool.pool.job;

import io.stratumpool.validator.BlockTemplate;

/** Receives templates from a {@link TemplateSource}. */
public interface TemplateListener {
    /**
     * A new template. {@code newTip} is true when it builds on a block the previous template did not
     * (miners must drop their work: {@code clean_jobs=true}), false for a refresh with new transactions.
     */
    void onTemplate(BlockTemplate template, boolean newTip);
}
