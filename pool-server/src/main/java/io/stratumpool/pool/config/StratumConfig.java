package io.stratumpool.pool.config;

import java.util.List;

/**
 * The Stratum listener: where it binds, its ports (each with its own difficulty rules), framing,
 * extranonce layout, version rolling, connection limits, the Stratum V2 listener ({@code v2}) and the Netty
 * transport ({@code transport}: auto, io_uring, epoll or nio). Missing keys take the defaults below.
 */
public record StratumConfig(
        String host,
        List<PortConfig> ports,
        Integer maxLineLength,
        Integer extranonce1Size,
        Integer extranonce2Size,
        String versionMask,
        LimitsConfig limits,
        TlsConfig tls,
        List<String> trustedProxies,
        String publicHost,
        Integer publicPort,
        V2Config v2,
        String transport) {

    public static final String DEFAULT_VERSION_MASK = "1fffe000";
    /** Netty transports by name; {@code auto} takes the first of io_uring, epoll, NIO this machine has. */
    public static final List<String> TRANSPORTS = List.of("auto", "io_uring", "epoll", "nio");

    public StratumConfig {
        host = host == null ? "0.0.0.0" : host;
        ports = ports == null || ports.isEmpty() ? List.of(PortConfig.defaults(3333)) : List.copyOf(ports);
        maxLineLength = maxLineLength == null ? 8192 : maxLineLength;
        extranonce1Size = extranonce1Size == null ? 4 : extranonce1Size;
        extranonce2Size = extranonce2Size == null ? 8 : extranonce2Size;
        versionMask = versionMask == null ? DEFAULT_VERSION_MASK : versionMask;
        limits = limits == null ? LimitsConfig.defaults() : limits;
        v2 = v2 == null ? V2Config.defaults() : v2;
        transport = transport == null ? "auto" : transport;
        // "10.0.0.0/8, 192.168.1.5" (one text, from --set or the environment) is a list too
        trustedProxies = trustedProxies == null ? List.of() : trustedProxies.stream().filter(java.util.Objects::nonNull)
                .flatMap(t -> java.util.Arrays.stream(t.split(","))).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    public static StratumConfig defaults() {
        return new StratumConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The balancers allowed to send PROXY protocol headers. */
    public List<Cidr> trustedProxyRanges() {
        return trustedProxies.stream().map(Cidr::parse).toList();
    }

    public long versionMaskValue() {
        return Long.parseLong(versionMask, 16);
    }

    void validate(Problems p) {
        p.check(!host.isBlank(), "stratum.host", host, "a host name or IP address");
        p.range("stratum.maxLineLength", maxLineLength, 256, 1 << 20);
        p.range("stratum.extranonce1Size", extranonce1Size, 2, 8);
        p.range("stratum.extranonce2Size", extranonce2Size, 2, 16);
        p.check(TRANSPORTS.contains(transport), "stratum.transport", transport, String.join(", ", TRANSPORTS));
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
        v2.validate(p, fixed);
        for (int i = 0; i < trustedProxies.size(); i++) {
            try {
                Cidr.parse(trustedProxies.get(i));
            } catch (IllegalArgumentException e) {
                p.add("stratum.trustedProxies[" + i + "]: " + e.getMessage());
            }
        }
        if (ports.stream().anyMatch(x -> x != null && x.proxyProtocol()) && trustedProxies.isEmpty()) {
            p.add("stratum.trustedProxies: empty (expected: the load balancers' addresses or CIDRs, required by a port"
                    + " with proxyProtocol: true)");
        }
        if (publicPort != null) {
            p.range("stratum.publicPort", publicPort, 1, 65535);
            p.check(publicHost != null, "stratum.publicPort", publicPort, "set together with stratum.publicHost");
        }
        if (ports.stream().anyMatch(x -> x != null && x.tls())) {
            (tls == null ? new TlsConfig(null, null) : tls).validate(p);
        }
    }
}
