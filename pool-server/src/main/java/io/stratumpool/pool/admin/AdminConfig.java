package io.stratumpool.pool.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code admin:} config section. Off unless {@code enabled}; listens on loopback by default.
 * {@code token} (use {@code ${ADMIN_TOKEN}} or {@code STRATUMPOOL_ADMIN_TOKEN}) is required from
 * every request as {@code Authorization: Bearer …}: an enabled admin API without one does not start,
 * loopback or not (any local user or container sharing the host could otherwise kick miners).
 */
public record AdminConfig(Boolean enabled, String host, Integer port, String token) {
    public AdminConfig {
        enabled = enabled == null ? Boolean.FALSE : enabled;
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 8081 : port;
        token = token == null || token.isBlank() ? null : token;
    }

    public static AdminConfig defaults() {
        return new AdminConfig(null, null, null, null);
    }

    /** True when {@code host} is a loopback literal or {@code localhost}. */
    public boolean loopback() {
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9a-fA-F:.]+")) {
            return false; // a name: could resolve anywhere
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (port < 0 || port > 65535) {
            problems.add("admin.port: " + port + " (expected 0..65535)");
        }
        if (enabled && token == null) {
            problems.add("admin.token: missing (expected: a bearer token of at least 16 characters, e.g. ${ADMIN_TOKEN}"
                    + " or STRATUMPOOL_ADMIN_TOKEN; without one anyone who reaches " + host + ":" + port
                    + " could kick miners)");
        }
        if (token != null && token.length() < 16) {
            problems.add("admin.token: too short (expected: at least 16 characters)");
        }
        return problems;
    }
}
