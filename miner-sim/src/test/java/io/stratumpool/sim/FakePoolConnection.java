package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Job;
import io.stratumpool.validator.ShareValidator;
import io.stratumpool.validator.Submission;
import io.stratumpool.validator.Target;
import io.stratumpool.validator.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** One miner's connection to {@link FakePool}: a reader thread that answers each request in turn. */
final class FakePoolConnection {
    private final FakePool pool;
    private final Socket socket;
    private final OutputStream out;
    private final ShareValidator validator = new ShareValidator();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Verdict.Result> verdicts = new CopyOnWriteArrayList<>();
    private volatile byte[] extranonce1;
    private byte[] pendingExtranonce1;
    private boolean authorized;
    private long grantedMask;

    FakePoolConnection(FakePool pool, Socket socket) throws IOException {
        this.pool = pool;
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    void start() {
        Thread t = new Thread(this::readLoop, "fake-pool-conn");
        t.setDaemon(true);
        t.start();
    }

    List<String> received() {
        return List.copyOf(received);
    }

    List<Verdict.Result> verdicts() {
        return List.copyOf(verdicts);
    }

    long grantedMask() {
        return grantedMask;
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                received.add(line);
                handle(FakePool.JSON.readTree(line));
            }
        } catch (IOException e) {
            // the miner went away
        } finally {
            close();
        }
    }

    private void handle(JsonNode request) {
        String method = request.path("method").asText();
        Function<JsonNode, List<String>> override = pool.override(method);
        if (override != null) {
            override.apply(request).forEach(this::send);
            afterOverride(method, request);
            return;
        }
        JsonNode id = request.get("id");
        JsonNode params = request.path("params");
        switch (method) {
            case "mining.configure" -> send(result(id, configureResult(params)));
            case "mining.subscribe" -> subscribe(id);
            case "mining.authorize" -> authorize(id);
            case "mining.submit" -> send(submit(id, params));
            case "mining.suggest_difficulty", "mining.extranonce.subscribe", "mining.multi_version" -> send(result(id, true));
            default -> send(error(id, 20, "unknown method"));
        }
    }

    // An overridden subscribe still gives the connection an extranonce1, so later steps can run.
    private void afterOverride(String method, JsonNode request) {
        if (method.equals("mining.subscribe")) {
            extranonce1 = Hex.decode(String.format("%08x", pool.nextExtranonce1()));
        }
    }

    private ObjectNode configureResult(JsonNode params) {
        ObjectNode result = FakePool.JSON.createObjectNode();
        long requested = Hex.parseUInt32(params.path(1).path("version-rolling.mask").asText("ffffffff"));
        grantedMask = requested & FakePool.POOL_MASK;
        result.put("version-rolling", true);
        result.put("version-rolling.mask", String.format("%08x", grantedMask));
        return result;
    }

    private void subscribe(JsonNode id) {
        extranonce1 = Hex.decode(String.format("%08x", pool.nextExtranonce1()));
        String sid = Hex.encode(extranonce1);
        if (pool.lineBeforeSubscribeReply != null) {
            send(pool.lineBeforeSubscribeReply);
        }
        ArrayNode subs = FakePool.JSON.createArrayNode();
        subs.add(FakePool.JSON.createArrayNode().add("mining.set_difficulty").add(sid));
        subs.add(FakePool.JSON.createArrayNode().add("mining.notify").add(sid));
        send(result(id, FakePool.JSON.createArrayNode().add(subs).add(sid).add(FakeJobs.EXTRANONCE2_SIZE)));
    }

    private void authorize(JsonNode id) {
        authorized = true;
        send(result(id, true));
        sendDifficulty(pool.difficulty);
        sendNotify(pool.currentJob(), true);
    }

    private String submit(JsonNode id, JsonNode params) {
        if (extranonce1 == null) {
            return error(id, 25, "not subscribed");
        }
        if (!authorized) {
            return error(id, 24, "unauthorized worker");
        }
        Job job = pool.job(params.path(1).asText());
        if (job == null) {
            return error(id, 21, "job not found");
        }
        String bits = params.size() > 5 ? params.get(5).asText() : null;
        Submission s = new Submission(params.path(2).asText(), params.path(3).asText(), params.path(4).asText(), bits);
        Verdict v = validator.validate(job, extranonce1, s, Target.ofDifficulty(pool.difficulty), grantedMask);
        verdicts.add(v.result());
        return switch (v.result()) {
            case ACCEPTED, BLOCK -> result(id, true);
            case LOW_DIFFICULTY -> error(id, 23, "low difficulty share");
            case DUPLICATE -> error(id, 22, "duplicate share");
            default -> error(id, 20, v.result().name().toLowerCase());
        };
    }

    void sendDifficulty(double d) {
        send("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[" + d + "]}");
    }

    /** mining.set_extranonce; like the simulated firmware, the pool applies it from the next notify. */
    synchronized void sendExtranonce(String extranonce1Hex) {
        pendingExtranonce1 = Hex.decode(extranonce1Hex);
        send("{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"" + extranonce1Hex + "\","
                + FakeJobs.EXTRANONCE2_SIZE + "]}");
    }

    synchronized void sendNotify(Job job, boolean clean) {
        if (pendingExtranonce1 != null) {
            extranonce1 = pendingExtranonce1;
            pendingExtranonce1 = null;
        }
        ObjectNode n = FakePool.JSON.createObjectNode();
        n.putNull("id");
        n.put("method", "mining.notify");
        n.set("params", FakePool.JSON.valueToTree(FakeJobs.notifyParams(job, clean)));
        send(n.toString());
    }

    static String result(JsonNode id, Object result) {
        ObjectNode o = FakePool.JSON.createObjectNode();
        o.set("id", id);
        o.set("result", FakePool.JSON.valueToTree(result));
        o.putNull("error");
        return o.toString();
    }

    static String error(JsonNode id, int code, String message) {
        return "{\"id\":" + id + ",\"result\":null,\"error\":[" + code + ",\"" + message + "\",null]}";
    }

    synchronized void send(String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            close();
        }
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
