package io.stratumpool.pool.api;

import java.util.ArrayList;
import java.util.List;

/** The {@code api:} config section: where the HTTP JSON API listens (port 0: any free port). */
public record ApiConfig(String host, Integer port) {
    /** Keys left out take the defaults: all interfaces, port 8080. */
    public ApiConfig {
        host = host == null ? "0.0.0.0" : host;
        port = port == null ? 8080 : port;
    }

    public static ApiConfig defaults() {
        return new ApiConfig(null, null);
    }

    /** Every problem with this section, each as {@code api.key: value (expected …)}. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (host == null || host.isBlank()) {
            problems.add("api.host: " + host + " (expected an address to bind, e.g. 127.0.0.1)");
        }
        if (port < 0 || port > 65535) {
            problems.add("api.port: " + port + " (expected 0..65535)");
        }
        return problems;
    }
}
