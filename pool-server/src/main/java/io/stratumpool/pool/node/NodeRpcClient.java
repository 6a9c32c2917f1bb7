package io.stratumpool.pool.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.pool.node.config.NodeEndpointConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bitcoin JSON-RPC over HTTP/1.1 keep-alive for one node. Every call is asynchronous; every
 * failure completes the future with a {@link NodeRpcException}, never anything else.
 */
public final class NodeRpcClient {
    /** Far above any real answer (a full 4 MWU template is under 10 MB of JSON). */
    static final long MAX_RESPONSE_BYTES = 64L << 20;

    private final String name;
    private final URI uri;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final RpcCredentials credentials;
    private final JsonRpcCodec codec;
    private final NodeRpcListener listener;
    private final AtomicLong ids = new AtomicLong();
    private final RpcGate gate;

    /**
     * @param executor runs the HTTP client's callbacks and thus the futures' completions; never a
     *     Netty event loop
     */
    public NodeRpcClient(NodeEndpointConfig endpoint, Executor executor, NodeRpcListener listener) {
        this(endpoint, Duration.ofMillis(endpoint.requestTimeoutMillis()), executor, listener);
    }

    /** A client whose default request timeout differs from the endpoint's (block submission). */
    public NodeRpcClient(NodeEndpointConfig endpoint, Duration requestTimeout, Executor executor,
            NodeRpcListener listener) {
        this(endpoint, requestTimeout, executor, listener, null);
    }

    /**
     * A client whose calls (long polls aside) pass through {@code gate}, the node's bound on
     * concurrent RPCs shared with the pool's other clients of the same node; null for none.
     */
    public NodeRpcClient(NodeEndpointConfig endpoint, Duration requestTimeout, Executor executor,
            NodeRpcListener listener, RpcGate gate) {
        this.gate = gate;
        this.name = endpoint.displayName();
        this.uri = URI.create(endpoint.url());
        this.requestTimeout = requestTimeout;
        this.credentials = RpcCredentials.of(endpoint);
        this.codec = new JsonRpcCodec(name);
        this.listener = listener;
        // HTTP/1.1 explicitly: the default (HTTP/2) sends an h2c upgrade that Bitcoin Core's server does not expect.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(endpoint.connectTimeoutMillis()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    public String name() {
        return name;
    }

    public URI uri() {
        return uri;
    }

    /** Calls {@code method} with positional params and the default timeout; completes with the {@code result}. */
    public CompletableFuture<JsonNode> call(String method, Object... params) {
        return call(requestTimeout, method, params);
    }

    public CompletableFuture<JsonNode> call(Duration timeout, String method, Object... params) {
        RpcGate.Priority priority = gate == null ? null : RpcGate.priorityOf(method, params);
        if (priority == null) {
            return callNow(timeout, method, params);
        }
        return gate.run(priority, () -> callNow(timeout, method, params));
    }

    private CompletableFuture<JsonNode> callNow(Duration timeout, String method, Object... params) {
        long started = System.nanoTime();
        CompletableFuture<JsonNode> result;
        try {
            long id = ids.incrementAndGet();
            Call call = new Call(method, id, JsonRpcCodec.encode(id, method, params), timeout);
            result = withDeadline(call, attempt(call, true, true));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            result = CompletableFuture.failedFuture(
                    NodeRpcException.malformed(name, method, "cannot encode the request: " + e.getMessage()));
        }
        return result.whenComplete((r, e) -> report(method, started, e));
    }

    public CompletableFuture<String> getBestBlockHash() {
        return call("getbestblockhash").thenApply(r -> codec.text(r, "getbestblockhash"));
    }

    public CompletableFuture<Long> getBlockCount() {
        return call("getblockcount").thenApply(r -> codec.number(r, "getblockcount"));
    }

    public CompletableFuture<String> getBlockHash(long height) {
        return call("getblockhash", height).thenApply(r -> codec.text(r, "getblockhash"));
    }

    /** The header as JSON ({@code getblockheader hash true}); fails with RPC kind when the node lacks it. */
    public CompletableFuture<JsonNode> getBlockHeader(String hashHex) {
        return call("getblockheader", hashHex, true).thenApply(r -> codec.object(r, "getblockheader"));
    }

    /** {@code getblocktemplate {"rules":["segwit"]}}, optionally as a BIP22 long poll. */
    public CompletableFuture<JsonNode> getBlockTemplate(String longPollId, Duration timeout) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("rules", List.of("segwit"));
        if (longPollId != null) {
            request.put("longpollid", longPollId);
        }
        return call(timeout, "getblocktemplate", request).thenApply(r -> codec.object(r, "getblocktemplate"));
    }

    public CompletableFuture<JsonNode> getBlockTemplate() {
        return getBlockTemplate(null, requestTimeout);
    }

    /** BIP23 proposal: empty when the node finds the block valid (proof of work aside), else its reason. */
    public CompletableFuture<Optional<String>> proposeBlock(String blockHex) {
        return call("getblocktemplate", Map.of("mode", "proposal", "data", blockHex))
                .thenApply(r -> codec.reasonOrEmpty(r, "getblocktemplate"));
    }

    /** {@code submitblock}: empty when accepted, else the node's reason ("duplicate", "rejected: high-hash"…). */
    public CompletableFuture<Optional<String>> submitBlock(String blockHex) {
        return call("submitblock", blockHex).thenApply(r -> codec.reasonOrEmpty(r, "submitblock"));
    }

    public CompletableFuture<Void> preciousBlock(String hashHex) {
        return call("preciousblock", hashHex).thenApply(r -> null);
    }

    private CompletableFuture<JsonNode> attempt(Call call, boolean mayReloadCookie, boolean mayRetryClosed) {
        return http.sendAsync(request(call), BoundedBody.handler(MAX_RESPONSE_BYTES))
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = unwrap(error);
                        // A keep-alive connection the node closed while idle fails on first use: resend once.
                        if (mayRetryClosed && isStaleConnection(cause)) {
                            return attempt(call, mayReloadCookie, false);
                        }
                        return CompletableFuture.<JsonNode>failedFuture(transportFailure(call, cause));
                    }
                    if (response.statusCode() == 401 && mayReloadCookie && credentials.reload()) {
                        return attempt(call, false, mayRetryClosed);
                    }
                    try {
                        return CompletableFuture.completedFuture(codec.decode(call.method(), call.id(),
                                response.statusCode(), response.body(), authHint()));
                    } catch (NodeRpcException e) {
                        return CompletableFuture.<JsonNode>failedFuture(e);
                    }
                })
                .thenCompose(f -> f);
    }

    /**
     * The HTTP client's timeout stops once response headers arrive; a node that then stalls the
     * body would hang the call forever. This deadline covers the whole call, retries included.
     */
    private CompletableFuture<JsonNode> withDeadline(Call call, CompletableFuture<JsonNode> future) {
        long millis = 2 * call.timeout().toMillis() + 1_000;
        return future.orTimeout(millis, TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            Throwable cause = unwrap(e);
            if (cause instanceof TimeoutException) {
                return CompletableFuture.failedFuture(NodeRpcException.transport(name, call.method(),
                        "no complete answer within " + millis + " ms", true, cause));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private HttpRequest request(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(call.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        String auth = credentials.header();
        if (auth != null) {
            builder.header("Authorization", auth);
        }
        return builder.build();
    }

    private String authHint() {
        if (credentials.problem() != null) {
            return "unauthorized (" + credentials.problem() + ")";
        }
        return "unauthorized: check the RPC user/password or cookie file (" + credentials + ")";
    }

    private NodeRpcException transportFailure(Call call, Throwable cause) {
        String detail;
        boolean timeout = false;
        if (cause instanceof HttpConnectTimeoutException) {
            detail = "connect to " + uri + " timed out";
            timeout = true;
        } else if (cause instanceof HttpTimeoutException) {
            detail = "no answer within " + call.timeout().toMillis() + " ms";
            timeout = true;
        } else if (cause instanceof ConnectException) {
            detail = "cannot connect to " + uri + " (" + (cause.getMessage() == null ? "refused" : cause.getMessage()) + ")";
        } else if (cause instanceof BoundedBody.TooLargeException) {
            return NodeRpcException.malformed(name, call.method(), cause.getMessage());
        } else {
            detail = "connection to " + uri + " failed: " + cause;
        }
        return NodeRpcException.transport(name, call.method(), detail, timeout, cause);
    }

    private static boolean isStaleConnection(Throwable cause) {
        return cause instanceof IOException && !(cause instanceof ConnectException)
                && !(cause instanceof HttpTimeoutException) && !(cause instanceof BoundedBody.TooLargeException);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void report(String method, long started, Throwable error) {
        try {
            listener.onCall(name, method, System.nanoTime() - started,
                    error == null ? null : NodeRpcException.unwrap(error, name, method));
        } catch (RuntimeException ignored) {
            // A broken metrics hook must never break RPC.
        }
    }

    @Override
    public String toString() {
        return "NodeRpcClient[" + name + " " + uri + "]";
    }

    private record Call(String method, long id, byte[] body, Duration timeout) {
    }
}
