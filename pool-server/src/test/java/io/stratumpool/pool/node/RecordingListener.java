package io.stratumpool.pool.node;

import io.stratumpool.pool.job.TemplateListener;
import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Hash256;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records every delivered template with the moment it arrived, and waits for the ones a test expects. */
final class RecordingListener implements TemplateListener {
    /** One delivery. */
    record Delivery(BlockTemplate template, boolean newTip, long nanoTime, String thread) {
    }

    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    @Override
    public void onTemplate(BlockTemplate template, boolean newTip) {
        deliveries.add(new Delivery(template, newTip, System.nanoTime(), Thread.currentThread().getName()));
    }

    /** The next delivery matching {@code wanted}, skipping others; fails after {@code timeout}. */
    Delivery await(Predicate<Delivery> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Delivery d = left > 0 ? deliveries.poll(left, TimeUnit.NANOSECONDS) : null;
            if (d == null) {
                throw new AssertionError("no template " + what + " within " + timeout);
            }
            if (wanted.test(d)) {
                return d;
            }
        }
    }

    /** The next new-tip template building on {@code prevHashHex} (display order). */
    Delivery awaitNewTipOn(String prevHashHex, Duration timeout) throws InterruptedException {
        Hash256 prev = Hash256.fromHexReversed(prevHashHex);
        return await(d -> d.newTip() && d.template().prevHash().equals(prev), timeout, "on " + prevHashHex);
    }

    void clear() {
        deliveries.clear();
    }
}
