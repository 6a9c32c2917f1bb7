package io.stratumpool.pool.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.share.Worker;
import io.stratumpool.pool.stratum.StratumError;
import io.stratumpool.pool.stratum.StratumMessages;
import io.stratumpool.pool.stratum.StratumRequest;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The session's setup requests: configure (BIP310), subscribe, authorize and difficulty
 * suggestions, with the compatibility rules real firmware needs (see DESIGN.md). It owns what they
 * establish (extranonce1, workers, version mask) and tells the session when mining can start or
 * the difficulty changes.
 */
final class SessionHandshake {
    private final StratumSession session;
    private final SessionServices services;
    private final SessionDifficulty difficulty;
    private final ReplyQueue replies;
    private final List<Worker> workers = new ArrayList<>(1);
    private byte[] extranonce1;
    private String sessionId;
    private boolean subscribed;
    private boolean extranonceSubscribed;
    private long versionMask;
    private String userAgent;

    SessionHandshake(StratumSession session, SessionServices services, SessionDifficulty difficulty, ReplyQueue replies) {
        this.session = session;
        this.services = services;
        this.difficulty = difficulty;
        this.replies = replies;
    }

    /**
     * BIP310: one reply line, holding exactly the extensions the miner asked for (Whatsminer drops
     * the connection on keys it did not request). Granted mask = requested mask AND pool mask.
     */
    void configure(StratumRequest request) {
        JsonNode names = request.paramCount() > 0 && request.params().get(0) instanceof JsonNode n && n.isArray() ? n : null;
        JsonNode options = request.paramCount() > 1 && request.params().get(1) instanceof JsonNode o && o.isObject() ? o : null;
        if (names == null) {
            replies.error(request, StratumError.other("mining.configure needs a list of extensions"));
            return;
        }
        StringBuilder result = new StringBuilder("{");
        for (JsonNode name : names) {
            if (!name.isTextual()) {
                continue;
            }
            if (result.length() > 1) {
                result.append(',');
            }
            result.append(extension(name.asText(), options));
        }
        replies.result(request, result.append('}').toString());
    }

    private String extension(String name, JsonNode options) {
        String key = StratumMessages.quote(name);
        switch (name) {
            case "version-rolling" -> {
                long requested = parseMask(options == null ? null : options.get("version-rolling.mask"));
                long granted = requested & services.poolVersionMask();
                versionMask = granted;
                if (requested < 0 || granted == 0) {
                    versionMask = 0;
                    return key + ":false";
                }
                return key + ":true,\"version-rolling.mask\":\"" + String.format("%08x", granted) + "\"";
            }
            case "minimum-difficulty" -> {
                JsonNode value = options == null ? null : options.get("minimum-difficulty.value");
                if (value != null && value.isNumber() && value.asDouble() > 0) {
                    difficulty.floor(value.asDouble());
                    return key + ":true";
                }
                return key + ":false";
            }
            case "subscribe-extranonce" -> {
                return key + ":true";
            }
            default -> {
                return key + ":false";
            }
        }
    }

    /** The requested mask; absent means "whatever the pool allows"; -1 for an invalid one. */
    private static long parseMask(JsonNode mask) {
        if (mask == null || mask.isNull()) {
            return 0xffffffffL;
        }
        String text = mask.asText().toLowerCase(Locale.ROOT);
        if (text.startsWith("0x")) {
            text = text.substring(2);
        }
        if (text.isEmpty() || text.length() > 8 || !Hex.isHex(text.length() % 2 == 0 ? text : "0" + text)) {
            return -1;
        }
        return Long.parseLong(text, 16);
    }

    /** Subscribe result: {@code [[["mining.set_difficulty",sid],["mining.notify",sid]],extranonce1,extranonce2Size]}. */
    void subscribe(StratumRequest request) {
        if (!subscribed) {
            userAgent = request.stringParam(0);
            String resumeId = request.stringParam(1);
            assignExtranonce(resumeId);
            if (sessionId.equals(resumeId)) {
                Double resumed = services.registry().resumedDifficulty(resumeId);
                if (resumed != null) {
                    difficulty.initial(resumed);
                }
            }
        }
        String sid = sessionId;
        int extranonce2Size = services.jobs().extranonce2Size();
        replies.result(request, "[[[\"mining.set_difficulty\",\"" + sid + "\"],[\"mining.notify\",\"" + sid + "\"]],\""
                + sid + "\"," + extranonce2Size + "]");
        subscribed = true;
        session.startMiningIfReady();
    }

    void authorize(StratumRequest request) {
        Worker worker = Worker.parse(request.stringParam(0));
        if (worker == null) {
            replies.error(request, new StratumError(24,
                    "Unauthorized worker: use user.worker with letters, digits, '_' and '-'"));
            return;
        }
        String refusal = services.userCheck().apply(worker.user());
        if (refusal != null) {
            replies.error(request, new StratumError(24, "Unauthorized worker: " + refusal));
            return;
        }
        if (workers.stream().noneMatch(w -> w.login().equals(worker.login()))) {
            workers.add(worker);
        }
        applyPassword(request.stringParam(1));
        replies.result(request, "true");
        session.startMiningIfReady();
    }

    /** {@code d=VALUE} anywhere in the password (e.g. {@code x,d=2048}) pins the connection's difficulty. */
    private void applyPassword(String password) {
        if (password == null) {
            return;
        }
        for (String token : password.split("[,; ]")) {
            if (token.startsWith("d=")) {
                try {
                    double d = Double.parseDouble(token.substring(2));
                    if (d > 0 && Double.isFinite(d)) {
                        difficulty.fix();
                        session.changeDifficulty(difficulty.clamp(d, services.jobs().networkDifficulty()));
                    }
                } catch (NumberFormatException ignored) {
                    // not a difficulty: an ordinary password that happens to start with "d="
                }
            }
        }
    }

    /** A suggestion (fractional allowed) becomes the floor and the current difficulty, clamped to the port. */
    void suggestDifficulty(double value, StratumRequest request) {
        if (!(value > 0) || Double.isInfinite(value)) {
            replies.error(request, StratumError.other("mining.suggest_difficulty needs a number > 0"));
            return;
        }
        if (!difficulty.isFixed()) {
            difficulty.floor(value);
            session.changeDifficulty(difficulty.clamp(value, services.jobs().networkDifficulty()));
        }
        replies.result(request, "true");
    }

    void suggestTarget(StratumRequest request) {
        String hex = request.stringParam(0);
        if (hex == null || hex.length() != 64 || !Hex.isHex(hex)) {
            replies.error(request, StratumError.other("mining.suggest_target needs a 64-digit hex target"));
            return;
        }
        Target target = Target.ofHex(hex);
        suggestDifficulty(target.toBigInteger().signum() == 0 ? Double.NaN : target.difficulty(), request);
    }

    void extranonceSubscribe(StratumRequest request) {
        extranonceSubscribed = true;
        replies.result(request, "true");
    }

    /** A fresh extranonce1 (a resumed session id gets its old one back while it is free). */
    private void assignExtranonce(String resumeId) {
        extranonce1 = services.registry().extranonces().allocate(resumeId);
        sessionId = Hex.encode(extranonce1);
    }

    /**
     * Re-partitioning: a new extranonce1 for a miner that subscribed to {@code mining.set_extranonce},
     * the old one released. Returns the new one, or null when this miner cannot take one.
     */
    byte[] renewExtranonce() {
        if (!extranonceSubscribed || extranonce1 == null) {
            return null;
        }
        byte[] old = extranonce1;
        assignExtranonce(null);
        services.registry().extranonces().release(old);
        return extranonce1;
    }

    /** The connection closed: its extranonce1 goes back, and its difficulty is kept for a resume. */
    void release() {
        if (extranonce1 != null) {
            services.registry().remember(sessionId, difficulty.current());
            services.registry().extranonces().release(extranonce1);
        }
    }

    boolean subscribed() {
        return subscribed;
    }

    /** The workers authorized on this connection, in order (the first one pays in solo mode). */
    List<Worker> workers() {
        return workers;
    }

    byte[] extranonce1() {
        return extranonce1;
    }

    String sessionId() {
        return sessionId;
    }

    String userAgent() {
        return userAgent;
    }

    long versionMask() {
        return versionMask;
    }
}
