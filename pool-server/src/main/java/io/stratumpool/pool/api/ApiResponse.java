package io.stratumpool.pool.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the router answers: a status and either a JSON-serializable body, plain text, or
 * {@code content} (a web page or asset, with its own type and caching).
 */
record ApiResponse(int status, Object json, String text, String allow, Content content) {
    ApiResponse(int status, Object json, String text, String allow) {
        this(status, json, text, allow, null);
    }

    /**
     * Bytes with their media type. {@code cacheControl} is sent as is; {@code etag} (quoted, or
     * null) lets a browser revalidate with {@code If-None-Match}; {@code page} marks an HTML page,
     * which gets the Content-Security-Policy; {@code location} (or null) is sent as the Location header.
     */
    record Content(byte[] body, String type, String cacheControl, String etag, boolean page, String location) {
        Content(byte[] body, String type, String cacheControl, String etag, boolean page) {
            this(body, type, cacheControl, etag, page, null);
        }
    }

    static ApiResponse ok(Object json) {
        return new ApiResponse(200, json, null, null);
    }

    static ApiResponse text(String body) {
        return new ApiResponse(200, null, body, null);
    }

    static ApiResponse content(int status, Content content) {
        return new ApiResponse(status, null, null, null, content);
    }

    static ApiResponse error(int status, String message, String key, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put(key, value);
        return new ApiResponse(status, body, null, null);
    }

    static ApiResponse methodNotAllowed(String method, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "method not allowed");
        body.put("method", method);
        body.put("path", path);
        return new ApiResponse(405, body, null, "GET");
    }
}
