package io.stratumpool.pool.node;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected into a byte array, cancelled once it grows past a limit: a broken or
 * hostile endpoint must not make the pool buffer gigabytes.
 */
final class BoundedBody implements BodySubscriber<byte[]> {
    private final BodySubscriber<byte[]> delegate = HttpResponse.BodySubscribers.ofByteArray();
    private final long limit;
    private Flow.Subscription subscription;
    private long received;
    private boolean overflowed;

    private BoundedBody(long limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> new BoundedBody(limit);
    }

    /** The body passed the limit; not a transport problem, so never retried. */
    static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        delegate.onSubscribe(s);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (overflowed) {
            return;
        }
        for (ByteBuffer b : items) {
            received += b.remaining();
        }
        if (received > limit) {
            overflowed = true;
            subscription.cancel();
            delegate.onError(new TooLargeException("answer larger than " + limit + " bytes"));
            return;
        }
        delegate.onNext(items);
    }

    @Override
    public void onError(Throwable throwable) {
        if (!overflowed) {
            delegate.onError(throwable);
        }
    }

    @Override
    public void onComplete() {
        if (!overflowed) {
            delegate.onComplete();
        }
    }
}
