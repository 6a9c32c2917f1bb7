package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The handshake requests as one session sends them, for {@link FirmwareProfile} scripts. */
final class Handshake implements HandshakeSteps {
    private final ClientSession session;
    private ScheduledFuture<?> keepAlive;

    Handshake(ClientSession session) {
        this.session = session;
    }

    @Override
    public CompletableFuture<JsonNode> configure(String mask) {
        ObjectNode options = JsonLines.object().put("version-rolling.mask", mask);
        return send("mining.configure", JsonLines.arrayOf(JsonLines.arrayOf("version-rolling"), options));
    }

    @Override
    public CompletableFuture<JsonNode> configure(int bitCount, String mask) {
        ObjectNode options = JsonLines.object().put("version-rolling.bit-count", bitCount).put("version-rolling.mask", mask);
        return send("mining.configure", JsonLines.arrayOf(JsonLines.arrayOf("version-rolling"), options));
    }

    @Override
    public CompletableFuture<JsonNode> subscribe() {
        FirmwareProfile profile = session.profile;
        if (profile.sessionId() == null) {
            return send("mining.subscribe", JsonLines.arrayOf(profile.userAgent()));
        }
        // Firmware resumes with the id the pool gave it last time; the transcript's id the first time.
        String sessionId = session.miner.lastSubscriptionId().orElse(profile.sessionId());
        return send("mining.subscribe", JsonLines.arrayOf(profile.userAgent(), sessionId));
    }

    @Override
    public CompletableFuture<JsonNode> authorize() {
        return send("mining.authorize", JsonLines.arrayOf(session.options.user(), session.options.password()));
    }

    @Override
    public CompletableFuture<JsonNode> suggestDifficulty() {
        BigDecimal value = session.options.effectiveSuggestion();
        return value == null ? CompletableFuture.completedFuture(null)
                : send("mining.suggest_difficulty", JsonLines.arrayOf(value));
    }

    @Override
    public CompletableFuture<JsonNode> extranonceSubscribe() {
        return send("mining.extranonce.subscribe", JsonLines.array());
    }

    @Override
    public CompletableFuture<JsonNode> multiVersion(int versions) {
        return send("mining.multi_version", JsonLines.arrayOf(versions));
    }

    @Override
    public void keepSuggesting() {
        long millis = session.options.keepAliveInterval().toMillis();
        keepAlive = session.channel.eventLoop().scheduleAtFixedRate(this::suggestDifficulty, millis, millis,
                TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
    }

    private CompletableFuture<JsonNode> send(String method, com.fasterxml.jackson.databind.node.ArrayNode params) {
        return session.request(method, params, null);
    }
}
