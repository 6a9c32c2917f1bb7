package io.stratumpool.pool.node;

import io.stratumpool.pool.job.TemplateListener;
import io.stratumpool.pool.job.TemplateSource;
import io.stratumpool.validator.BlockTemplate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's real template source, with a switch that raises each template's coinbase value by
 * one satoshi before the pool sees it: a template the pool would faithfully turn into an invalid
 * block (the coinbase claims more than subsidy plus fees). Nothing in a config can make the pool
 * build such a job, which is exactly the class of bug the BIP23 proposal check exists to catch.
 * Proposals still go to the real node, which answers with its own reason ("bad-cb-amount").
 */
final class OverpayingTemplateSource implements TemplateSource {
    private final TemplateSource real;
    private final AtomicBoolean overpay = new AtomicBoolean();

    OverpayingTemplateSource(TemplateSource real) {
        this.real = real;
    }

    /** From now on templates claim one satoshi too many (true), or pass unchanged (false). */
    void overpay(boolean on) {
        overpay.set(on);
    }

    @Override
    public void start(TemplateListener listener) {
        real.start((template, newTip) -> listener.onTemplate(overpay.get() ? plusOneSatoshi(template) : template, newTip));
    }

    @Override
    public CompletableFuture<Optional<String>> propose(BlockTemplate template, byte[] block) {
        return real.propose(template, block);
    }

    @Override
    public void close() {
        real.close();
    }

    private static BlockTemplate plusOneSatoshi(BlockTemplate t) {
        return new BlockTemplate(t.height(), t.version(), t.prevHash(), t.nBits(), t.curTime(), t.minTime(),
                t.coinbaseValue() + 1, t.transactions(), t.witnessCommitmentScript(), t.coinbaseAuxFlags());
    }
}
