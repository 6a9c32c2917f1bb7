package io.stratumpool.pool.node;

import io.stratumpool.pool.concurrent.NamedThreads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stratumpool.pool.node.config.NodeEndpointConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A scripted JSON-RPC endpoint on loopback (the JDK's HTTP server): each test says what a
 * "node" answers, including HTTP errors, garbage, delays and dropped connections.
 */
final class FakeNodeServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the fake node saw it. */
    record Request(String method, JsonNode params, JsonNode id, String authorization) {
    }

    /** What to answer: a status and body, after a delay, or a connection dropped without an answer. */
    record Reply(int status, byte[] body, long delayMillis, boolean drop, long bodyDelayMillis) {
        Reply(int status, byte[] body, long delayMillis, boolean drop) {
            this(status, body, delayMillis, drop, 0);
        }

        static Reply json(int status, String body) {
            return new Reply(status, body.getBytes(StandardCharsets.UTF_8), 0, false);
        }

        static Reply result(JsonNode id, Object result) {
            ObjectNode root = JSON.createObjectNode();
            root.set("result", JSON.valueToTree(result));
            root.putNull("error");
            root.set("id", id);
            return new Reply(200, root.toString().getBytes(StandardCharsets.UTF_8), 0, false);
        }

        static Reply error(int status, JsonNode id, int code, String message) {
            ObjectNode root = JSON.createObjectNode();
            root.putNull("result");
            root.putObject("error").put("code", code).put("message", message);
            root.set("id", id);
            return new Reply(status, root.toString().getBytes(StandardCharsets.UTF_8), 0, false);
        }

        static Reply dropped() {
            return new Reply(0, new byte[0], 0, true);
        }

        Reply after(long millis) {
            return new Reply(status, body, millis, drop, bodyDelayMillis);
        }

        /** Headers at once, the body only after {@code millis}: a node stuck mid-answer. */
        Reply bodyAfter(long millis) {
            return new Reply(status, body, delayMillis, drop, millis);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> script = r -> Reply.result(r.id(), null);

    FakeNodeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(new NamedThreads("fake-node")));
        server.createContext("/", this::handle);
        server.start();
    }

    void answer(Function<Request, Reply> script) {
        this.script = script;
    }

    List<Request> requests() {
        return requests;
    }

    long calls(String method) {
        return requests.stream().filter(r -> method.equals(r.method())).count();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    NodeEndpointConfig endpoint(String name) {
        return new NodeEndpointConfig(name, url(), "user", "pass", null, 500L, 1_000L);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode root = JSON.readTree(exchange.getRequestBody());
            Request request = new Request(root.path("method").asText(), root.get("params"), root.get("id"),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(request);
            Reply reply = script.apply(request);
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            if (reply.drop()) {
                return; // closing the exchange without a response drops the connection
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
                Thread.sleep(reply.bodyDelayMillis());
                out.write(reply.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout tests): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
