package io.stratumpool.pool.config;

import java.util.List;

/**
 * The Stratum listener: where it binds, its ports (each with its own difficulty rules), framing,
 * extranonce layout, version rolling and connection limits. Missing keys take the defaults below.
 */
public record StratumConfig(
        String host,
        List<PortConfig> ports,
        Integer maxLineLength,
        Integer extranonce1Size,
        Integer extranonce2Size,
        String versionMask,
        LimitsConfig limits,
        TlsConfig tls) {

    public static final String DEFAULT_VERSION_MASK = "1fffe000";

    public StratumConfig {
        host = host == null ? "0.0.0.0" : host;
        ports = ports == null || ports.isEmpty() ? List.of(PortConfig.defaults(3333)) : List.copyOf(ports);
        maxLineLength = maxLineLength == null ? 8192 : maxLineLength;
        extranonce1Size = extranonce1Size == null ? 4 : extranonce1Size;
        extranonce2Size = extranonce2Size == null ? 8 : extranonce2Size;
        versionMask = versionMask == null ? DEFAULT_VERSION_MASK : versionMask;
        limits = limits == null ? LimitsConfig.defaults() : limits;
    }

    public static StratumConfig defaults() {
        return new StratumConfig(null, null, null, null, null, null, null, null);
    }

    public long versionMaskValue() {
        return Long.parseLong(versionMask, 16);
    }

    void validate(Problems p) {
        p.check(!host.isBlank(), "stratum.host", host, "a host name or IP address");
        p.range("stratum.maxLineLength", maxLineLength, 256, 1 << 20);
        p.range("stratum.extranonce1Size", extranonce1Size, 2, 8);
        p.range("stratum.extranonce2Size", extranonce2Size, 2, 16);
        p.check(versionMask.matches("[0-9a-fA-F]{8}"), "stratum.versionMask", versionMask, "8 hex digits, e.g. 1fffe000");
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i) == null) {
                p.add("stratum.ports[" + i + "]: empty (expected a port entry)");
            } else {
                ports.get(i).validate(p, "stratum.ports[" + i + "]");
            }
        }
        List<Integer> fixed = ports.stream().filter(x -> x != null && x.port() != 0).map(PortConfig::port).toList();
        p.check(fixed.stream().distinct().count() == fixed.size(), "stratum.ports", fixed, "distinct port numbers");
        limits.validate(p);
        if (ports.stream().anyMatch(x -> x != null && x.tls())) {
            (tls == null ? new TlsConfig(null, null) : tls).validate(p);
        }
    }
}
