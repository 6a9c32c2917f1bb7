package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.stratumpool.validator.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the pool tells the miner unasked: new jobs, difficulty, version mask, extranonce, reconnect
 * and messages; plus the few requests a miner answers (version, ping).
 */
final class ServerMessages {
    private static final Logger log = LoggerFactory.getLogger(ServerMessages.class);

    private final ClientSession session;

    ServerMessages(ClientSession session) {
        this.session = session;
    }

    void handle(String method, JsonNode message) {
        JsonNode params = message.path("params");
        switch (method) {
            case "mining.notify" -> onNotify(params);
            case "mining.set_difficulty" -> onSetDifficulty(params);
            case "mining.set_version_mask" -> onSetVersionMask(params);
            case "mining.set_extranonce" -> onSetExtranonce(params);
            case "client.reconnect" -> onReconnect(params);
            case "client.show_message" -> onShowMessage(message, params);
            case "client.get_version" -> session.reply(message.get("id"), text(session.profile.userAgent()));
            case "mining.ping" -> session.reply(message.get("id"), text("pong"));
            default -> log.debug("{}: ignoring {}", session.miner.name(), message);
        }
    }

    private void onNotify(JsonNode params) {
        StratumJob job;
        try {
            job = StratumJob.parse(params);
        } catch (IllegalArgumentException e) {
            problem(e.getMessage());
            return;
        }
        if (session.profile.has(Quirk.HEIGHT_MUST_BE_DATA_PUSH) && job.pushedHeight().isEmpty()) {
            // ESP-Miner logs "Failed to process mining notification" and keeps its previous work
            log.info("{}: Failed to process mining notification for job {}: the coinbase height is not a 1-4 byte push",
                    session.miner.name(), job.jobId());
            return;
        }
        if (session.profile.has(Quirk.IGNORE_REPEATED_JOB_ID) && !session.state.firstSighting(job.jobId())) {
            log.debug("{}: ignoring duplicate notify for job {}", session.miner.name(), job.jobId());
            return;
        }
        session.state.onNotify(job);
        session.miner.onJob(job);
        session.publishWork();
    }

    private void onSetDifficulty(JsonNode params) {
        JsonNode value = params.path(0);
        double difficulty = value.isNumber() ? value.asDouble() : Double.NaN;
        if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
            problem("mining.set_difficulty: bad difficulty " + value);
            return;
        }
        session.state.setDifficulty(difficulty, session.profile.has(Quirk.DIFFICULTY_FROM_NEXT_NOTIFY));
        session.publishWork();
    }

    private void onSetVersionMask(JsonNode params) {
        long mask = Hex.parseUInt32(params.path(0).asText(""));
        if (mask < 0) {
            problem("mining.set_version_mask: bad mask " + params.path(0));
            return;
        }
        if (session.state.versionRolling) {
            session.state.grantVersionRolling(mask);
            session.publishWork();
        }
    }

    private void onSetExtranonce(JsonNode params) {
        String en1 = params.path(0).asText("");
        JsonNode size = params.path(1);
        if (!Hex.isHex(en1) || !size.canConvertToInt() || size.asInt() < 1 || size.asInt() > 16) {
            problem("mining.set_extranonce: bad params " + params);
            return;
        }
        session.state.setExtranonceAtNextNotify(Hex.decode(en1), size.asInt());
    }

    private void onReconnect(JsonNode params) {
        String host = params.path(0).asText("");
        JsonNode port = params.path(1);
        boolean hasTarget = !host.isEmpty() && portOf(port) > 0;
        if (!hasTarget && session.profile.has(Quirk.RECONNECT_NEEDS_HOST_PORT)) {
            problem("client.reconnect without [host, port]: " + params);
            return;
        }
        int waitSeconds = Math.max(0, params.path(2).asInt(0));
        session.miner.reconnect(hasTarget ? host : session.options.host(),
                hasTarget ? portOf(port) : session.options.port(), waitSeconds);
    }

    private void onShowMessage(JsonNode message, JsonNode params) {
        session.miner.onMessage(params.path(0).asText(""));
        if (message.hasNonNull("id")) {
            session.reply(message.get("id"), JsonNodeFactory.instance.booleanNode(true));
        }
    }

    // Pools send the port as a number or a string.
    private static int portOf(JsonNode port) {
        int p = port.isNumber() ? port.asInt() : port.isTextual() ? parseIntOrZero(port.asText()) : 0;
        return p >= 1 && p <= 65535 ? p : 0;
    }

    private static int parseIntOrZero(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void problem(String reason) {
        if (session.strict()) {
            session.fail(reason);
        } else {
            log.debug("{}: {}", session.miner.name(), reason);
        }
    }

    private static JsonNode text(String value) {
        return JsonNodeFactory.instance.textNode(value);
    }
}
