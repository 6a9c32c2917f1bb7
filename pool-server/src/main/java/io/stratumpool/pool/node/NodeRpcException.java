package io.stratumpool.pool.node;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Any failure of a node RPC call, sorted by what went wrong so callers can decide: retry
 * ({@link Kind#TRANSPORT}), fail over ({@link Kind#HTTP}, {@link Kind#MALFORMED}), or read the
 * node's verdict ({@link Kind#RPC}).
 */
public final class NodeRpcException extends RuntimeException {
    /** JSON-RPC "method not found" (bcoin for {@code preciousblock}, old nodes for proposals). */
    public static final int RPC_METHOD_NOT_FOUND = -32601;

    /** The kinds of failure. */
    public enum Kind {
        /** No usable HTTP answer: refused, reset, timed out, unreachable. */
        TRANSPORT,
        /** An HTTP error status without a JSON-RPC error body: 401, 403, 500 with HTML, 503… */
        HTTP,
        /** The node answered with a JSON-RPC error object (code and message). */
        RPC,
        /** The answer is not JSON, not a JSON-RPC envelope, or not the shape the caller expected. */
        MALFORMED
    }

    private final Kind kind;
    private final String node;
    private final String method;
    private final int httpStatus;
    private final Integer rpcCode;
    private final String rpcMessage;
    private final boolean timeout;

    private NodeRpcException(Kind kind, String node, String method, String detail, int httpStatus, Integer rpcCode,
            String rpcMessage, boolean timeout, Throwable cause) {
        super("node " + node + ": " + method + ": " + detail, cause);
        this.kind = kind;
        this.node = node;
        this.method = method;
        this.httpStatus = httpStatus;
        this.rpcCode = rpcCode;
        this.rpcMessage = rpcMessage;
        this.timeout = timeout;
    }

    public static NodeRpcException transport(String node, String method, String detail, boolean timeout, Throwable cause) {
        return new NodeRpcException(Kind.TRANSPORT, node, method, detail, -1, null, null, timeout, cause);
    }

    public static NodeRpcException http(String node, String method, int status, String detail) {
        return new NodeRpcException(Kind.HTTP, node, method, "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail),
                status, null, null, false, null);
    }

    public static NodeRpcException rpc(String node, String method, int httpStatus, int code, String message) {
        return new NodeRpcException(Kind.RPC, node, method, "RPC error " + code + ": " + message, httpStatus, code,
                message, false, null);
    }

    public static NodeRpcException malformed(String node, String method, String detail) {
        return new NodeRpcException(Kind.MALFORMED, node, method, "malformed answer: " + detail, -1, null, null,
                false, null);
    }

    /**
     * The NodeRpcException behind a future's failure. Anything else (a bug in a callback) is
     * reported as MALFORMED so the caller's error handling still sees one type.
     */
    public static NodeRpcException unwrap(Throwable failure, String node, String method) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NodeRpcException e) {
            return e;
        }
        return new NodeRpcException(Kind.MALFORMED, node, method, "unexpected " + t, -1, null, null, false, t);
    }

    public Kind kind() {
        return kind;
    }

    public String node() {
        return node;
    }

    public String method() {
        return method;
    }

    /** The HTTP status, or -1 when none was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The JSON-RPC error code, or null unless {@link Kind#RPC}. */
    public Integer rpcCode() {
        return rpcCode;
    }

    /** The node's JSON-RPC error message, or null unless {@link Kind#RPC}. */
    public String rpcMessage() {
        return rpcMessage;
    }

    public boolean isTimeout() {
        return timeout;
    }

    public boolean isMethodNotFound() {
        return kind == Kind.RPC && rpcCode != null && rpcCode == RPC_METHOD_NOT_FOUND;
    }
}
