package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratumpool.pool.node.FakeNodeServer.Reply;
import io.stratumpool.pool.node.NodeRpcException.Kind;
import io.stratumpool.pool.node.config.NodeEndpointConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NodeRpcClientTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private FakeNodeServer server;
    private NodeRpcClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeNodeServer();
        client = new NodeRpcClient(server.endpoint("fake"), executor,
                (node, method, nanos, failure) -> calls.add(method + ":" + (failure == null ? "ok" : failure.kind())));
    }

    @AfterEach
    void stop() {
        server.close();
        executor.shutdownNow();
    }

    @Test
    void sendsAJsonRpcRequestWithBasicAuthAndReturnsTheResult() throws Exception {
        server.answer(r -> Reply.result(r.id(), 812_345));

        assertEquals(812_345L, client.getBlockCount().get());
        FakeNodeServer.Request request = server.requests().get(0);
        assertEquals("getblockcount", request.method());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8)),
                request.authorization());
        assertTrue(request.params().isArray());
        assertEquals(List.of("getblockcount:ok"), calls);
    }

    @Test
    void passesParamsInOrder() throws Exception {
        server.answer(r -> Reply.result(r.id(), r.params()));

        assertEquals("[5,\"x\",true]", client.call("echo", 5, "x", true).get().toString());
    }

    @Test
    void aJsonRpcErrorIsAnRpcFailureWithCodeAndMessageWhateverTheStatus() {
        server.answer(r -> Reply.error(500, r.id(), -8, "Block height out of range"));

        NodeRpcException e = failure(client.getBlockHash(99_999));
        assertEquals(Kind.RPC, e.kind());
        assertEquals(-8, e.rpcCode());
        assertEquals("Block height out of range", e.rpcMessage());
        assertEquals(500, e.httpStatus());
        assertTrue(e.getMessage().contains("node fake: getblockhash: RPC error -8"), e.getMessage());
    }

    @Test
    void methodNotFoundIsRecognised() {
        server.answer(r -> Reply.error(404, r.id(), -32601, "Method not found"));

        assertTrue(failure(client.preciousBlock("00".repeat(32))).isMethodNotFound());
    }

    @Test
    void anHtmlErrorPageIsAnHttpFailure() {
        server.answer(r -> Reply.json(500, "<html><body>Internal Server Error</body></html>"));

        NodeRpcException e = failure(client.getBestBlockHash());
        assertEquals(Kind.HTTP, e.kind());
        assertEquals(500, e.httpStatus());
        assertTrue(e.getMessage().contains("Internal Server Error"), e.getMessage());
    }

    @Test
    void unauthorizedIsAnHttpFailureThatPointsAtTheCredentials() {
        server.answer(r -> Reply.json(401, ""));

        NodeRpcException e = failure(client.getBestBlockHash());
        assertEquals(Kind.HTTP, e.kind());
        assertEquals(401, e.httpStatus());
        assertTrue(e.getMessage().contains("check the RPC user/password"), e.getMessage());
    }

    @Test
    void forbiddenIsAnHttpFailure() {
        server.answer(r -> Reply.json(403, "Forbidden"));

        assertEquals(403, failure(client.getBestBlockHash()).httpStatus());
    }

    @Test
    void garbageIsMalformed() {
        server.answer(r -> Reply.json(200, "\u0000\u00ffnot json at all"));

        NodeRpcException e = failure(client.getBestBlockHash());
        assertEquals(Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void jsonWithTrailingGarbageIsMalformed() {
        server.answer(r -> Reply.json(200, "{\"result\":1,\"error\":null,\"id\":" + r.id() + "} trailing"));

        assertEquals(Kind.MALFORMED, failure(client.getBlockCount()).kind());
    }

    @Test
    void jsonWithoutAResultIsMalformed() {
        server.answer(r -> Reply.json(200, "{\"hello\":\"world\"}"));

        assertEquals(Kind.MALFORMED, failure(client.getBlockCount()).kind());
    }

    @Test
    void anErrorThatIsNotCodeAndMessageIsMalformed() {
        server.answer(r -> Reply.json(500, "{\"result\":null,\"error\":\"boom\",\"id\":" + r.id() + "}"));

        assertEquals(Kind.MALFORMED, failure(client.getBlockCount()).kind());
    }

    @Test
    void anAnswerToAnotherRequestIsMalformed() {
        server.answer(r -> Reply.json(200, "{\"result\":1,\"error\":null,\"id\":424242}"));

        assertTrue(failure(client.getBlockCount()).getMessage().contains("answers another request"));
    }

    @Test
    void aResultOfTheWrongTypeIsMalformed() {
        server.answer(r -> Reply.result(r.id(), "eight hundred"));

        NodeRpcException e = failure(client.getBlockCount());
        assertEquals(Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("expected an integer"), e.getMessage());
    }

    @Test
    void aSlowAnswerTimesOutAsTransport() {
        server.answer(r -> Reply.result(r.id(), 1).after(3_000));

        NodeRpcException e = failure(client.getBlockCount());
        assertEquals(Kind.TRANSPORT, e.kind());
        assertTrue(e.isTimeout());
        assertTrue(e.getMessage().contains("no answer within 1000 ms"), e.getMessage());
        assertEquals(List.of("getblockcount:TRANSPORT"), calls);
    }

    @Test
    void aBodyThatStallsAfterTheHeadersStillTimesOut() {
        server.answer(r -> Reply.result(r.id(), 1).bodyAfter(8_000));

        NodeRpcException e = failure(client.getBlockCount());
        assertEquals(Kind.TRANSPORT, e.kind());
        assertTrue(e.isTimeout(), e.getMessage());
        assertTrue(e.getMessage().contains("no complete answer within 3000 ms"), e.getMessage());
    }

    @Test
    void aRefusedConnectionIsTransport() throws Exception {
        int port = BcoinNode.freePort();
        NodeRpcClient nowhere = new NodeRpcClient(
                NodeEndpointConfig.withPassword("gone", "http://127.0.0.1:" + port + "/", "u", "p"), executor,
                NodeRpcListener.NONE);

        NodeRpcException e = failure(nowhere.getBlockCount());
        assertEquals(Kind.TRANSPORT, e.kind());
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    }

    @Test
    void aDroppedConnectionIsRetriedOnceThenTransport() {
        server.answer(r -> Reply.dropped());

        assertEquals(Kind.TRANSPORT, failure(client.getBlockCount()).kind());
        assertEquals(2, server.calls("getblockcount"), "one resend for a keep-alive connection closed by the node");
    }

    @Test
    void anOversizedAnswerIsMalformedNotBuffered() {
        byte[] huge = new byte[(int) NodeRpcClient.MAX_RESPONSE_BYTES + 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        server.answer(r -> new Reply(200, huge, 0, false));

        NodeRpcException e = failure(client.getBlockCount());
        assertEquals(Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void theCookieFileIsReadAgainAfterA401(@TempDir Path dir) throws Exception {
        Path cookie = dir.resolve(".cookie");
        Files.writeString(cookie, "__cookie__:before-restart");
        NodeRpcClient cookieClient = new NodeRpcClient(new NodeEndpointConfig("core", server.url(), null, null,
                cookie.toString(), 500L, 1_000L), executor, NodeRpcListener.NONE);
        String fresh = "Basic " + Base64.getEncoder().encodeToString("__cookie__:after-restart".getBytes(StandardCharsets.UTF_8));
        server.answer(r -> fresh.equals(r.authorization()) ? Reply.result(r.id(), "ok") : Reply.json(401, ""));

        Files.writeString(cookie, "__cookie__:after-restart\n"); // the node restarted and wrote a new cookie

        assertEquals("ok", cookieClient.call("uptime").get().asText());
        assertEquals(2, server.calls("uptime"));
    }

    @Test
    void aMissingCookieFileShowsInThe401Message(@TempDir Path dir) {
        NodeRpcClient cookieClient = new NodeRpcClient(new NodeEndpointConfig("core", server.url(), null, null,
                dir.resolve("missing").toString(), 500L, 1_000L), executor, NodeRpcListener.NONE);
        server.answer(r -> Reply.json(401, ""));

        assertTrue(failure(cookieClient.getBlockCount()).getMessage().contains("cookie file"));
    }

    @Test
    void submitAndProposeReturnTheNodesReasonOrEmpty() throws Exception {
        server.answer(r -> Reply.result(r.id(), r.method().equals("submitblock") ? "rejected: high-hash" : null));

        assertEquals(Optional.of("rejected: high-hash"), client.submitBlock("00").get());
        assertEquals(Optional.empty(), client.proposeBlock("00").get());
        assertEquals("proposal", server.requests().get(1).params().get(0).get("mode").asText());
    }

    @Test
    void aLongPollCarriesTheLongPollIdAndItsOwnTimeout() throws Exception {
        server.answer(r -> Reply.result(r.id(), java.util.Map.of("height", 1)).after(1_500));

        assertEquals(1, client.getBlockTemplate("abc", java.time.Duration.ofSeconds(5)).get().get("height").asInt());
        assertEquals("abc", server.requests().get(0).params().get(0).get("longpollid").asText());
        assertEquals("[\"segwit\"]", server.requests().get(0).params().get(0).get("rules").toString());
    }

    @Test
    void aThrowingListenerDoesNotBreakTheCall() throws Exception {
        NodeRpcClient noisy = new NodeRpcClient(server.endpoint("fake"), executor, (n, m, t, f) -> {
            throw new IllegalStateException("metrics down");
        });
        server.answer(r -> Reply.result(r.id(), "abc"));

        assertEquals("abc", noisy.getBestBlockHash().get());
    }

    @Test
    void manyConcurrentCallsAllComplete() throws Exception {
        server.answer(r -> Reply.result(r.id(), r.params().get(0)));
        List<CompletableFuture<com.fasterxml.jackson.databind.JsonNode>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(client.call("echo", i));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(i, futures.get(i).get(10, TimeUnit.SECONDS).asInt());
        }
    }

    private static NodeRpcException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof NodeRpcException, "cause: " + e.getCause());
        return (NodeRpcException) e.getCause();
    }
}
