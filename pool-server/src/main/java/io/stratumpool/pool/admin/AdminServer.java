package io.stratumpool.pool.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: a small HTTP listener of its own (the JDK's server; a handful of operator requests,
 * never on the miners' path), JSON in and out, every request authenticated with the bearer token
 * when one is configured, every action logged as {@code event.admin-<action>} with its caller.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_BODY = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ExecutorService executor;
    private final AdminOperations ops;
    private final byte[] token;

    private AdminServer(HttpServer http, ExecutorService executor, AdminOperations ops, String token) {
        this.http = http;
        this.executor = executor;
        this.ops = ops;
        this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** Binds {@code config.host():config.port()}; an {@link IOException} when the port is taken. */
    public static AdminServer start(AdminConfig config, AdminOperations ops) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "admin-api");
            t.setDaemon(true);
            return t;
        });
        AdminServer server = new AdminServer(http, executor, ops, config.token());
        http.createContext("/admin/", server::handle);
        http.setExecutor(executor);
        http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!authorized(ex)) {
                LoggerFactory.getLogger("event.admin-refused").warn("{} {} from {}: missing or wrong bearer token",
                        ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRemoteAddress());
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                send(ex, 401, Map.of("error", "missing or wrong bearer token"));
                return;
            }
            route(ex, ex.getRequestMethod(), ex.getRequestURI().getPath().substring("/admin/".length()).split("/"));
        } catch (BadRequest e) {
            send(ex, 400, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("admin request {} failed", ex.getRequestURI(), e);
            send(ex, 500, Map.of("error", e.toString()));
        } finally {
            ex.close(); // after any answer, the error ones included
        }
    }

    private boolean authorized(HttpExchange ex) {
        if (token == null) {
            return true;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        return header != null && MessageDigest.isEqual(token, header.getBytes(StandardCharsets.UTF_8));
    }

    private void route(HttpExchange ex, String method, String[] path) throws IOException {
        String what = path[0];
        if (what.equals("sessions") && path.length == 1 && method.equals("GET")) {
            send(ex, 200, ops.sessions());
        } else if (what.equals("sessions") && path.length == 3 && method.equals("POST")) {
            session(ex, path[1], path[2]);
        } else if (what.equals("bans") && path.length == 1 && method.equals("GET")) {
            send(ex, 200, ops.bans());
        } else if (what.equals("bans") && path.length == 1 && method.equals("POST")) {
            JsonNode body = body(ex);
            if (body.has("user")) {
                banUser(ex, body);
                return;
            }
            String address = text(body, "address");
            long seconds = body.path("seconds").asLong(3600);
            if (seconds <= 0 || !ops.ban(address, Duration.ofSeconds(seconds))) {
                throw new BadRequest("address: \"" + address + "\", seconds: " + seconds + " (expected an IP address and seconds > 0)");
            }
            event("ban", ex, "{} banned for {} s", address, seconds);
            send(ex, 200, Map.of("banned", address, "seconds", seconds));
        } else if (what.equals("bans") && path.length == 3 && path[1].equals("users") && method.equals("DELETE")) {
            boolean removed = ops.unbanUser(path[2]);
            event("unban", ex, "user {} unbanned: {}", path[2], removed);
            send(ex, removed ? 200 : 404, Map.of("unbanned", path[2], "found", removed));
        } else if (what.equals("bans") && path.length == 2 && method.equals("DELETE")) {
            boolean removed = ops.unban(path[1]);
            event("unban", ex, "{} unbanned: {}", path[1], removed);
            send(ex, removed ? 200 : 404, Map.of("unbanned", path[1], "found", removed));
        } else if (what.equals("drain") && path.length == 1 && method.equals("POST")) {
            long seconds = body(ex).path("seconds").asLong(60);
            if (seconds < 0 || seconds > 86_400) {
                throw new BadRequest("seconds: " + seconds + " (expected 0..86400)");
            }
            int miners = ops.drain(Duration.ofSeconds(seconds));
            event("drain", ex, "draining {} miners over {} s", miners, seconds);
            send(ex, 200, Map.of("miners", miners, "seconds", seconds));
        } else if (what.equals("extranonces") && path.length == 2 && path[1].equals("repartition") && method.equals("POST")) {
            int miners = ops.repartitionExtranonces();
            event("repartition", ex, "new extranonce1 for the extranonce-subscribed of {} miners", miners);
            send(ex, 200, Map.of("miners", miners));
        } else if (what.equals("payout-addresses") && path.length == 2 && method.equals("GET")) {
            send(ex, 200, ops.payoutAddress(path[1]));
        } else if (what.equals("payout-addresses") && path.length == 2 && method.equals("PUT")) {
            bindPayoutAddress(ex, path[1]);
        } else if (what.equals("payouts")) {
            payouts(ex, method, path);
        } else if (what.equals("log-level") && path.length == 1) {
            logLevel(ex, method);
        } else {
            send(ex, 404, Map.of("error", "no such admin endpoint: " + method + " " + ex.getRequestURI().getPath()));
        }
    }

    /** {@code {"user":…}}: a user ban, on every port and protocol. */
    private void banUser(HttpExchange ex, JsonNode body) throws IOException {
        String user = text(body, "user");
        long seconds = body.path("seconds").asLong(3600);
        if (seconds <= 0 || !ops.banUser(user, Duration.ofSeconds(seconds))) {
            throw new BadRequest("user: \"" + user + "\", seconds: " + seconds + " (expected a user name and seconds > 0)");
        }
        event("ban", ex, "user {} banned for {} s", user, seconds);
        send(ex, 200, Map.of("banned", user, "seconds", seconds));
    }

    private void bindPayoutAddress(HttpExchange ex, String user) throws IOException {
        JsonNode body = body(ex);
        String address = text(body, "address");
        String by = text(body, "by");
        AdminOperations.PayoutAddressView view;
        try {
            view = ops.bindPayoutAddress(user, address, by);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        event("payout-address", ex, "{} now paid at {} (changed by {})", user, view.address(), by);
        send(ex, 200, view);
    }

    /** GET payouts; POST payouts/run, pause, resume, approval {"required":…}; POST payouts/{id}/approve, reject or void {"conflict": txid}. */
    private void payouts(HttpExchange ex, String method, String[] path) throws IOException {
        try {
            if (path.length == 1 && method.equals("GET")) {
                send(ex, 200, ops.payouts());
            } else if (path.length == 2 && method.equals("POST")) {
                payoutSwitch(ex, path[1]);
            } else if (path.length == 3 && method.equals("POST") && path[1].matches("[0-9]{1,18}")) {
                payoutBatch(ex, Long.parseLong(path[1]), path[2]);
            } else {
                send(ex, 404, Map.of("error", "no such payouts endpoint: " + method + " " + ex.getRequestURI().getPath()));
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private void payoutSwitch(HttpExchange ex, String action) throws IOException {
        JsonNode body = body(ex);
        String by = text(body, "by");
        switch (action) {
            case "run" -> {
                String outcome = ops.runPayouts(by);
                event("payouts-run", ex, "payout round run by {}: {}", by, outcome);
                send(ex, 200, Map.of("outcome", outcome));
            }
            case "pause", "resume" -> {
                AdminOperations.PayoutsView view = ops.pausePayouts(action.equals("pause"), by);
                event("payouts-" + action, ex, "wallet payouts {}d by {}", action, by);
                send(ex, 200, view);
            }
            case "approval" -> {
                JsonNode required = body.path("required");
                if (!required.isBoolean()) {
                    throw new BadRequest("required: missing (expected true or false)");
                }
                AdminOperations.PayoutsView view = ops.requireApproval(required.asBoolean(), by);
                event("payouts-approval", ex, "payout approval {} by {}", required.asBoolean() ? "required" : "off", by);
                send(ex, 200, view);
            }
            default -> send(ex, 404, Map.of("error", "no such payouts action: " + action
                    + " (run, pause, resume, approval)"));
        }
    }

    private void payoutBatch(HttpExchange ex, long batch, String action) throws IOException {
        JsonNode body = body(ex);
        String by = text(body, "by");
        boolean done;
        switch (action) {
            case "approve" -> done = ops.approvePayout(batch, by);
            case "reject" -> done = ops.rejectPayout(batch, by);
            case "void" -> {
                voidBatch(ex, batch, body.path("conflict").asText(null), by);
                return;
            }
            default -> {
                send(ex, 404, Map.of("error", "no such batch action: " + action + " (approve, reject, void)"));
                return;
            }
        }
        if (done) {
            event("payout-" + action, ex, "batch {} {}d by {}", batch, action, by);
        }
        send(ex, done ? 200 : 409, Map.of("batch", batch, "action", action, "done", done));
    }

    /** The pool checks the batch's transaction can never confirm; a refusal is a 409 with its one-line reason. */
    private void voidBatch(HttpExchange ex, long batch, String conflict, String by) throws IOException {
        String refusal = ops.voidPayout(batch, conflict, by);
        if (refusal != null) {
            event("payout-void-refused", ex, "void of batch {} by {} refused: {}", batch, by, refusal);
            send(ex, 409, Map.of("batch", batch, "action", "void", "done", false, "error", refusal));
            return;
        }
        event("payout-void", ex, "batch {} voided by {} (conflicting transaction {}); its balances are paid again",
                batch, by, conflict);
        send(ex, 200, Map.of("batch", batch, "action", "void", "done", true));
    }

    private void session(HttpExchange ex, String id, String action) throws IOException {
        boolean found;
        switch (action) {
            case "kick" -> found = ops.kick(id);
            case "reconnect" -> found = ops.reconnect(id);
            case "message" -> {
                String message = text(body(ex), "message");
                if (message.length() > 512) {
                    throw new BadRequest("message: " + message.length() + " characters (expected at most 512)");
                }
                found = ops.showMessage(id, message);
            }
            default -> {
                send(ex, 404, Map.of("error", "no such session action: " + action + " (kick, reconnect, message)"));
                return;
            }
        }
        if (found) {
            event(action, ex, "session {}", id);
        }
        send(ex, found ? 200 : 404, Map.of("session", id, "action", action, "found", found));
    }

    private void logLevel(HttpExchange ex, String method) throws IOException {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (method.equals("GET")) {
            String name = query(ex, "logger");
            ch.qos.logback.classic.Logger logger = logback.getLogger(name == null ? Logger.ROOT_LOGGER_NAME : name);
            send(ex, 200, Map.of("logger", logger.getName(), "level", logger.getEffectiveLevel().toString()));
            return;
        }
        JsonNode body = body(ex);
        String name = body.path("logger").asText(Logger.ROOT_LOGGER_NAME);
        String level = text(body, "level").toUpperCase(java.util.Locale.ROOT);
        if (!level.matches("TRACE|DEBUG|INFO|WARN|ERROR|OFF")) {
            throw new BadRequest("level: " + level + " (expected TRACE, DEBUG, INFO, WARN, ERROR or OFF)");
        }
        logback.getLogger(name).setLevel(Level.toLevel(level));
        event("log-level", ex, "logger {} set to {}", name, level);
        send(ex, 200, Map.of("logger", name, "level", level));
    }

    private static void event(String action, HttpExchange ex, String format, Object... args) {
        Object[] all = new Object[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = ex.getRemoteAddress();
        LoggerFactory.getLogger("event.admin-" + action).info(format + " (by {})", all);
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new BadRequest("body over " + MAX_BODY + " bytes");
            }
            if (bytes.length == 0) {
                return JSON.createObjectNode();
            }
            try {
                JsonNode node = JSON.readTree(bytes);
                if (!(node instanceof ObjectNode)) {
                    throw new BadRequest("expected a JSON object");
                }
                return node;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new BadRequest("invalid JSON: " + e.getOriginalMessage());
            }
        }
    }

    private static String text(JsonNode body, String key) {
        JsonNode v = body.path(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new BadRequest(key + ": missing (expected text)");
        }
        return v.asText();
    }

    private static String query(HttpExchange ex, String key) {
        String q = ex.getRequestURI().getQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            if (pair.startsWith(key + "=")) {
                return java.net.URLDecoder.decode(pair.substring(key.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    /** A request the API cannot act on: answered 400 with the reason. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
