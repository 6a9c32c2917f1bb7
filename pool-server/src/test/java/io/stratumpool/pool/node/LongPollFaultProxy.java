package io.stratumpool.pool.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stratumpool.pool.concurrent.NamedThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback JSON-RPC proxy in front of a real node that passes every call through, except BIP22
 * long polls ({@code getblocktemplate} with a {@code longpollid}): those it answers the way bcoin
 * 2.2.0 did ({@code -32603 "Assertion failed."}), or holds without ever answering.
 */
final class LongPollFaultProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a long poll gets. */
    enum Fault { RPC_ERROR, STALL }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(new NamedThreads("fault-proxy"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final URI upstream;
    private final Fault fault;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicLong longPolls = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();

    LongPollFaultProxy(String upstreamUrl, Fault fault) throws IOException {
        this.upstream = URI.create(upstreamUrl);
        this.fault = fault;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Long polls the proxy intercepted. */
    long longPolls() {
        return longPolls.get();
    }

    long forwarded() {
        return forwarded.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode request = JSON.readTree(body);
            if (isLongPoll(request)) {
                longPolls.incrementAndGet();
                if (fault == Fault.STALL) {
                    closed.await(5, TimeUnit.MINUTES); // never answers; the client gives up first
                    return;
                }
                String error = "{\"result\":null,\"error\":{\"code\":-32603,\"message\":\"Assertion failed.\"},\"id\":"
                        + request.get("id") + "}";
                reply(exchange, 500, error.getBytes(StandardCharsets.UTF_8));
                return;
            }
            forwarded.incrementAndGet();
            HttpRequest.Builder forward = HttpRequest.newBuilder(upstream).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                forward.header("Authorization", auth);
            }
            HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply(exchange, answer.statusCode(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up or the node is gone: nothing to answer
        }
    }

    private static boolean isLongPoll(JsonNode request) {
        JsonNode params = request.path("params");
        return "getblocktemplate".equals(request.path("method").asText()) && params.isArray() && params.size() > 0
                && params.get(0).has("longpollid");
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
