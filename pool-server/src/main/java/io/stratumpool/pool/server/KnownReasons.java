package io.stratumpool.pool.server;

import io.stratumpool.pool.metrics.PoolMetrics;
import io.stratumpool.pool.share.ShareOutcome;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every label value the pool's labelled counters can take, registered at zero at startup so a
 * fresh pool's dashboard and alerts have data. A new reason in the code belongs in this list.
 */
final class KnownReasons {
    /** {@code stratum_connections_refused_total{reason}}: limits, bans, PROXY protocol refusals. */
    static final List<String> REFUSALS = List.of("banned", "max_connections", "max_connections_per_ip", "invalid_shares",
            "proxy_untrusted", "proxy_header_missing");
    /** {@code stratum_protocol_errors_total{reason}}: why the pool closed a connection. */
    static final List<String> PROTOCOL_ERRORS = java.util.stream.Stream.concat(Stream.of("line_too_long", "invalid_json",
            "idle", "request_rate", "authorize_timeout"), io.stratumpool.pool.v2.V2ProtocolException.REASONS.stream()).toList();

    private KnownReasons() {
    }

    static void registerAtZero(PoolMetrics metrics) {
        List<String[]> shares = Arrays.stream(ShareOutcome.values())
                .map(o -> new String[] {o.metricResult(), o.metricReason()}).toList();
        metrics.registerAtZero(shares, REFUSALS, PROTOCOL_ERRORS);
    }
}
