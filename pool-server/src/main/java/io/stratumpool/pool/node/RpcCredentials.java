package io.stratumpool.pool.node;

import io.stratumpool.pool.node.config.NodeEndpointConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The HTTP Basic credentials for one node: a fixed user/password, or Bitcoin Core's cookie file
 * ({@code __cookie__:<random>}), which the node rewrites on every restart: hence {@link #reload()}.
 */
final class RpcCredentials {
    private final String user;
    private final String password;
    private final Path cookieFile;
    private volatile String header;
    private volatile String problem;

    private RpcCredentials(String user, String password, Path cookieFile) {
        this.user = user;
        this.password = password;
        this.cookieFile = cookieFile;
        if (cookieFile == null) {
            header = basic(user + ":" + password);
        } else {
            reload();
        }
    }

    static RpcCredentials of(NodeEndpointConfig endpoint) {
        if (endpoint.cookieFile() != null && !endpoint.cookieFile().isEmpty()) {
            return new RpcCredentials(null, null, Path.of(endpoint.cookieFile()));
        }
        return new RpcCredentials(endpoint.user() == null ? "" : endpoint.user(),
                endpoint.password() == null ? "" : endpoint.password(), null);
    }

    /** The Authorization header value, or null when the cookie file could not be read. */
    String header() {
        return header;
    }

    /** Why there is no header (cookie file unreadable), or null. */
    String problem() {
        return problem;
    }

    boolean usesCookie() {
        return cookieFile != null;
    }

    /** Re-reads the cookie file; returns true when the credentials changed (worth a retry). */
    boolean reload() {
        if (cookieFile == null) {
            return false;
        }
        String before = header;
        try {
            String cookie = Files.readString(cookieFile, StandardCharsets.UTF_8).trim();
            if (cookie.indexOf(':') < 0) {
                throw new IOException("no ':' in the cookie");
            }
            header = basic(cookie);
            problem = null;
        } catch (IOException | RuntimeException e) {
            header = null;
            problem = "cookie file " + cookieFile + " unreadable: " + e;
        }
        return header != null && !header.equals(before);
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return cookieFile != null ? "cookie " + cookieFile : "user " + user + (password.isEmpty() ? "" : " (password set)");
    }
}
