package io.stratumpool.pool.node.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One Bitcoin node's JSON-RPC endpoint. Authenticate with {@code user}/{@code password} (an
 * {@code rpcauth=} entry in bitcoin.conf) or with {@code cookieFile} (Bitcoin Core's
 * {@code .cookie}, re-read whenever the node answers 401 because it restarted).
 */
public record NodeEndpointConfig(
        String name,
        String url,
        String user,
        String password,
        String cookieFile,
        Long connectTimeoutMillis,
        Long requestTimeoutMillis) {

    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 10_000;

    public NodeEndpointConfig {
        connectTimeoutMillis = connectTimeoutMillis == null ? DEFAULT_CONNECT_TIMEOUT_MILLIS : connectTimeoutMillis;
        requestTimeoutMillis = requestTimeoutMillis == null ? DEFAULT_REQUEST_TIMEOUT_MILLIS : requestTimeoutMillis;
    }

    /** An endpoint with user/password authentication and default timeouts. */
    public static NodeEndpointConfig withPassword(String name, String url, String user, String password) {
        return new NodeEndpointConfig(name, url, user, password, null, null, null);
    }

    /** The name used in logs and metrics: the configured one, or the URL's host:port. */
    public String displayName() {
        if (name != null && !name.isBlank()) {
            return name;
        }
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Every problem with this endpoint, each prefixed with {@code path}. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        checkUrl(path, problems);
        boolean hasPassword = password != null && !password.isEmpty();
        boolean hasCookie = cookieFile != null && !cookieFile.isEmpty();
        if (hasPassword == hasCookie) {
            problems.add(path + ": set exactly one of password or cookieFile");
        }
        if (hasPassword && (user == null || user.isEmpty())) {
            problems.add(path + ".user: missing (expected: the rpcauth user name)");
        }
        ConfigChecks.positive(path + ".connectTimeoutMillis", connectTimeoutMillis, problems);
        ConfigChecks.positive(path + ".requestTimeoutMillis", requestTimeoutMillis, problems);
        return problems;
    }

    private void checkUrl(String path, List<String> problems) {
        if (url == null || url.isBlank()) {
            problems.add(path + ".url: missing (expected: http://host:port/)");
            return;
        }
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(path + ".url: \"" + url + "\" (expected: http://host:port/)");
            }
        } catch (java.net.URISyntaxException e) {
            problems.add(path + ".url: \"" + url + "\" (expected: http://host:port/; " + e.getReason() + ")");
        }
    }
}
