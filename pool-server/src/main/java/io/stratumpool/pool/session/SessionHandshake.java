package io.stratumpool.pool.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.share.Worker;
import io.stratumpool.pool.stratum.StratumError;
import io.stratumpool.pool.stratum.StratumMessages;
import io.stratumpool.pool.stratum.StratumRequest;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Target;
import java.util.Locale;

/**
 * The session's setup requests: configure (BIP310), subscribe, authorize and difficulty
 * suggestions, with the compatibility rules real firmware needs (see DESIGN.md).
 */
final class SessionHandshake {
    private final StratumSession session;

    SessionHandshake(StratumSession session) {
        this.session = session;
    }

    /**
     * BIP310: one reply line, holding exactly the extensions the miner asked for (Whatsminer drops
     * the connection on keys it did not request). Granted mask = requested mask AND pool mask.
     */
    void configure(StratumRequest request) {
        JsonNode names = request.paramCount() > 0 && request.params().get(0) instanceof JsonNode n && n.isArray() ? n : null;
        JsonNode options = request.paramCount() > 1 && request.params().get(1) instanceof JsonNode o && o.isObject() ? o : null;
        if (names == null) {
            session.replyError(request, StratumError.other("mining.configure needs a list of extensions"));
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
        session.replyResult(request, result.append('}').toString());
    }

    private String extension(String name, JsonNode options) {
        String key = io.stratumpool.pool.stratum.StratumMessages.quoteJson(name);
        switch (name) {
            case "version-rolling" -> {
                long requested = parseMask(options == null ? null : options.get("version-rolling.mask"));
                long granted = requested & session.services().poolVersionMask();
                session.versionMask(granted);
                if (requested < 0 || granted == 0) {
                    session.versionMask(0);
                    return key + ":false";
                }
                return key + ":true,\"version-rolling.mask\":\"" + String.format("%08x", granted) + "\"";
            }
            case "minimum-difficulty" -> {
                JsonNode value = options == null ? null : options.get("minimum-difficulty.value");
                if (value != null && value.isNumber() && value.asDouble() > 0) {
                    session.difficulty().floor(value.asDouble());
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
        if (!session.subscribed()) {
            String resumeId = request.stringParam(1);
            session.assignExtranonce(resumeId);
            if (session.sessionId().equals(resumeId)) {
                Double resumed = session.services().registry().resumedDifficulty(resumeId);
                if (resumed != null) {
                    session.difficulty().initial(resumed);
                }
            }
        }
        String sid = session.sessionId();
        int extranonce2Size = session.services().jobs().extranonce2Size();
        session.replyResult(request, "[[[\"mining.set_difficulty\",\"" + sid + "\"],[\"mining.notify\",\"" + sid + "\"]],\""
                + sid + "\"," + extranonce2Size + "]");
        session.markSubscribed();
        session.startMiningIfReady();
    }

    void authorize(StratumRequest request) {
        Worker worker = Worker.parse(request.stringParam(0));
        if (worker == null) {
            session.replyError(request, new StratumError(24,
                    "Unauthorized worker: use user.worker with letters, digits, '_' and '-'"));
            return;
        }
        String refusal = session.services().userCheck().apply(worker.user());
        if (refusal != null) {
            session.replyError(request, new StratumError(24, "Unauthorized worker: " + refusal));
            return;
        }
        if (session.workers().stream().noneMatch(w -> w.login().equals(worker.login()))) {
            session.workers().add(worker);
        }
        applyPassword(request.stringParam(1));
        session.replyResult(request, "true");
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
                        session.difficulty().fix();
                        session.changeDifficulty(session.difficulty().clamp(d, session.services().jobs().networkDifficulty()));
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
            session.replyError(request, StratumError.other("mining.suggest_difficulty needs a number > 0"));
            return;
        }
        if (!session.difficulty().isFixed()) {
            session.difficulty().floor(value);
            session.changeDifficulty(session.difficulty().clamp(value, session.services().jobs().networkDifficulty()));
        }
        session.replyResult(request, "true");
    }

    void suggestTarget(StratumRequest request) {
        String hex = request.stringParam(0);
        if (hex == null || hex.length() != 64 || !Hex.isHex(hex)) {
            session.replyError(request, StratumError.other("mining.suggest_target needs a 64-digit hex target"));
            return;
        }
        Target target = Target.ofHex(hex);
        suggestDifficulty(target.toBigInteger().signum() == 0 ? Double.NaN : target.difficulty(), request);
    }
}
