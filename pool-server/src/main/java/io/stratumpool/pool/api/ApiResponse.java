package io.stratumpool.pool.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the router answers: a status and either a JSON-serializable body or plain text. */
record ApiResponse(int status, Object json, String text, String allow) {
    static ApiResponse ok(Object json) {
        return new ApiResponse(200, json, null, null);
    }

    static ApiResponse text(String body) {
        return new ApiResponse(200, null, body, null);
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
