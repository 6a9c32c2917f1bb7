package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.channel.Channel;
import io.stratumpool.sim.PendingRequests.Pending;
import io.stratumpool.sim.Transcript.Direction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's client side of Stratum v1: writes requests, matches replies to them, applies
 * the profile's rules, and hands server messages to {@link ServerMessages}. Every method runs on
 * the channel's event loop; {@link SimMiner} hops there for callers on other threads.
 */
final class ClientSession {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    final SimMiner miner;
    final FirmwareProfile profile;
    final MinerOptions options;
    final Channel channel;
    final MiningState state = new MiningState();
    private final PendingRequests pending = new PendingRequests();
    private final ServerMessages serverMessages = new ServerMessages(this);
    private final Handshake handshake = new Handshake(this);
    /** The request whose reply must be the very next line (Avalon, cpuminer), or null. */
    private Pending strictNext;
    private boolean failed;

    ClientSession(SimMiner miner, Channel channel) {
        this.miner = miner;
        this.options = miner.options();
        this.profile = options.profile();
        this.channel = channel;
    }

    void onActive() {
        if (options.autoHandshake()) {
            long millis = options.handshakeTimeout().toMillis();
            channel.eventLoop().schedule(this::checkHandshakeDone, millis, TimeUnit.MILLISECONDS);
            profile.runHandshake(handshake);
        }
    }

    /** Rules and handshake failures apply only when the miner runs its own handshake. */
    boolean strict() {
        return options.autoHandshake();
    }

    void onLine(String line) {
        miner.transcript().record(Direction.RECEIVED, line);
        if (failed) {
            return;
        }
        JsonNode message;
        try {
            message = JsonLines.parse(line);
        } catch (IllegalArgumentException e) {
            failOrLog("pool sent " + e.getMessage());
            return;
        }
        JsonNode method = message.get("method");
        if (method != null && !method.isNull()) {
            if (strictNext != null) {
                fail(profile + " reads the line after " + strictNext.method() + " as its reply, got: " + line);
                return;
            }
            serverMessages.handle(method.asText(), message);
        } else {
            onResponse(message, line);
        }
    }

    private void onResponse(JsonNode reply, String line) {
        if (strictNext != null && !PendingRequests.key(strictNext.id()).equals(PendingRequests.key(reply.get("id")))) {
            fail(profile + " reads the line after " + strictNext.method() + " as its reply, got: " + line);
            return;
        }
        boolean readAsStrictReply = strictNext != null;
        strictNext = null;
        if (!readAsStrictReply && profile.has(Quirk.IGNORE_REPLY_WITHOUT_RESULT) && !reply.has("result")) {
            return; // cpuminer skips it; whatever waited for it times out
        }
        Pending p = pending.take(reply.get("id"));
        String problem = strict() ? Replies.shapeProblem(profile, reply) : null;
        if (problem == null && p != null) {
            problem = onReply(p, reply);
        } else if (p != null) {
            report(p, ShareOutcome.Result.REJECTED, Replies.errorCode(reply)); // unreadable: the firmware credits nothing
        }
        if (problem != null && strict()) {
            fail(problem);
            return;
        }
        if (p == null) {
            log.debug("{}: reply to no request: {}", miner.name(), line);
            return;
        }
        p.reply().complete(reply);
    }

    private String onReply(Pending p, JsonNode reply) {
        return switch (p.method()) {
            case "mining.configure" -> onConfigureReply(p, reply);
            case "mining.subscribe" -> onSubscribeReply(reply);
            case "mining.authorize" -> onAuthorizeReply(reply);
            case "mining.extranonce.subscribe" -> Replies.extranonceSubscribeProblem(profile, reply);
            case "mining.submit" -> onSubmitReply(p, reply);
            default -> null;
        };
    }

    private String onConfigureReply(Pending p, JsonNode reply) {
        String problem = Replies.configureProblem(profile, p.params(), reply);
        long mask = Replies.grantedMask(reply);
        if (problem == null && mask >= 0) {
            state.grantVersionRolling(mask);
            publishWork();
        }
        return problem;
    }

    private String onSubscribeReply(JsonNode reply) {
        if (!Replies.isSuccess(reply)) {
            return "mining.subscribe failed: " + reply;
        }
        try {
            SubscribeResult result = SubscribeResult.parse(reply.get("result"));
            state.subscribed(result.extranonce1(), result.extranonce2Size(), result.subscriptionId());
            miner.onSubscribed(result);
            publishWork();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private String onAuthorizeReply(JsonNode reply) {
        if (!Replies.isSuccess(reply)) {
            return "mining.authorize rejected: " + reply;
        }
        state.authorized = true;
        miner.onAuthorized();
        publishWork();
        return null;
    }

    private String onSubmitReply(Pending p, JsonNode reply) {
        Share share = p.share();
        if (Replies.isSuccess(reply)) {
            miner.stats().accepted(share == null ? 0 : share.workDifficulty(), share != null && share.block());
            report(p, ShareOutcome.Result.ACCEPTED, -1);
        } else {
            miner.stats().rejected(Replies.errorCode(reply));
            report(p, ShareOutcome.Result.REJECTED, Replies.errorCode(reply));
        }
        miner.signal().fire();
        return null;
    }

    /** Tells the share listener, for submits of shares (not raw lines, not other requests). */
    private void report(Pending p, ShareOutcome.Result result, int errorCode) {
        if (p.share() != null && p.method().equals("mining.submit")) {
            options.shareListener().onOutcome(new ShareOutcome(miner.name(), p.share(), result, errorCode, p.sent(),
                    options.clock().instant()));
        }
    }

    // The listener hears of an unanswered share before anyone waiting on its reply wakes up.
    private void failPending(String reason) {
        MinerFailure failure = new MinerFailure(reason);
        for (Pending p : pending.takeAll()) {
            report(p, ShareOutcome.Result.UNANSWERED, -1);
            p.reply().completeExceptionally(failure);
        }
    }

    /** Sends a request with the miner's next id. */
    CompletableFuture<JsonNode> request(String method, ArrayNode params, Share share) {
        boolean fixedSubmitId = share != null && profile.has(Quirk.FIXED_SUBMIT_ID);
        long id = fixedSubmitId ? 4 : miner.nextId();
        return request(JsonNodeFactory.instance.numberNode(id), method, params, share);
    }

    CompletableFuture<JsonNode> request(JsonNode id, String method, ArrayNode params, Share share) {
        Pending p = new Pending(id, method, params, share, options.clock().instant(), new CompletableFuture<>());
        if (failed || !channel.isActive()) {
            p.reply().completeExceptionally(new MinerFailure("not connected: " + miner.failure().orElse("closed")));
            return p.reply();
        }
        pending.add(p);
        if (isStrictReply(method)) {
            strictNext = p;
        }
        if (method.equals("mining.submit")) {
            miner.stats().submitted(share != null && share.block());
        }
        write(JsonLines.request(profile.style(), id, method, params));
        return p.reply();
    }

    private boolean isStrictReply(String method) {
        return strict() && (method.equals("mining.configure") && profile.has(Quirk.CONFIGURE_REPLY_IS_NEXT_LINE)
                || method.equals("mining.subscribe") && profile.has(Quirk.SUBSCRIBE_REPLY_IS_NEXT_LINE));
    }

    /** Sends a raw line; when it is a request with an id the future completes with its reply, otherwise at once with null. */
    CompletableFuture<JsonNode> sendRaw(String line) {
        JsonNode parsed = null;
        try {
            parsed = JsonLines.parse(line);
        } catch (IllegalArgumentException notJson) {
            // tests send broken lines on purpose
        }
        if (parsed != null && parsed.hasNonNull("method") && parsed.has("id") && !parsed.get("id").isNull()) {
            ArrayNode params = parsed.get("params") instanceof ArrayNode a ? a : JsonLines.array();
            Pending p = new Pending(parsed.get("id"), parsed.get("method").asText(), params, null,
                    options.clock().instant(), new CompletableFuture<>());
            pending.add(p);
            if (p.method().equals("mining.submit")) {
                miner.stats().submitted(false);
            }
            write(line);
            return p.reply();
        }
        write(line);
        return CompletableFuture.completedFuture(null);
    }

    void submit(Share share) {
        if (!failed && channel.isActive()) {
            request("mining.submit", share.params(options.user()), share);
        }
    }

    void reply(JsonNode id, JsonNode result) {
        write(JsonLines.reply(profile.style(), id, result));
    }

    void write(String line) {
        miner.transcript().record(Direction.SENT, line);
        channel.writeAndFlush(line + "\n");
    }

    void publishWork() {
        Work work = state.toWork();
        if (work != null && !failed) {
            miner.publishWork(work);
        }
    }

    /** Records why the miner gave up and closes the connection, as the firmware would. */
    void fail(String reason) {
        if (failed) {
            return;
        }
        failed = true;
        log.debug("{}: failed: {}", miner.name(), reason);
        miner.onFailed(reason);
        failPending(reason);
        channel.close();
    }

    private void failOrLog(String reason) {
        if (strict()) {
            fail(reason);
        } else {
            log.debug("{}: {}", miner.name(), reason);
        }
    }

    void onInactive() {
        failPending(failed ? miner.failure().orElse("failed") : "connection closed");
        handshake.stop();
        if (!failed) {
            miner.onClosed(this);
        }
    }

    private void checkHandshakeDone() {
        if (!failed && channel.isActive() && !state.authorized) {
            Pending p = pending.firstHandshakeRequest();
            fail("handshake not finished within " + options.handshakeTimeout().toSeconds() + " s"
                    + (p == null ? "" : ": no reply to " + p.method() + " id " + p.id()));
        }
    }
}
