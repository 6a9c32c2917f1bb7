package io.stratumpool.pool.config;

import java.util.HexFormat;
import java.util.List;

/**
 * The Stratum V2 listener: on by default on port 3336, each port with the same difficulty rules as
 * a V1 port. The pool's keys are the authority secret key (its public half is what miners type)
 * and the Noise static secret key, both 32 bytes hex; when neither is set they come from
 * {@code keyFile} (default {@code <dataDir>/stratum-v2-keys}), generated there on the first start.
 * The certificate binding them is signed at startup, valid for {@code certificateValidityDays}.
 * {@code maxFrameLength} bounds the payload of a frame a miner may send.
 */
public record V2Config(
        Boolean enabled,
        List<PortConfig> ports,
        String authoritySecretKey,
        String staticSecretKey,
        String keyFile,
        Integer certificateValidityDays,
        Integer maxFrameLength) {

    public static final int DEFAULT_PORT = 3336;

    public V2Config {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        ports = ports == null || ports.isEmpty() ? List.of(PortConfig.defaults(DEFAULT_PORT)) : List.copyOf(ports);
        certificateValidityDays = certificateValidityDays == null ? 365 : certificateValidityDays;
        maxFrameLength = maxFrameLength == null ? 16 * 1024 : maxFrameLength;
    }

    public static V2Config defaults() {
        return new V2Config(null, null, null, null, null, null, null);
    }

    /** True when the keys are in the configuration itself (else in the key file). */
    public boolean keysConfigured() {
        return authoritySecretKey != null || staticSecretKey != null;
    }

    void validate(Problems p, List<Integer> v1Ports) {
        if (!enabled) {
            return;
        }
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i) == null) {
                p.add("stratum.v2.ports[" + i + "]: empty (expected a port entry)");
            } else {
                ports.get(i).validate(p, "stratum.v2.ports[" + i + "]");
                p.check(!ports.get(i).tls(), "stratum.v2.ports[" + i + "].tls", true,
                        "false: V2 is encrypted by its Noise handshake");
            }
        }
        List<Integer> fixed = ports.stream().filter(x -> x != null && x.port() != 0).map(PortConfig::port).toList();
        p.check(fixed.stream().distinct().count() == fixed.size(), "stratum.v2.ports", fixed, "distinct port numbers");
        p.check(fixed.stream().noneMatch(v1Ports::contains), "stratum.v2.ports", fixed,
                "port numbers other than the V1 ports " + v1Ports);
        if (keysConfigured()) {
            secretKey(p, "stratum.v2.authoritySecretKey", authoritySecretKey);
            secretKey(p, "stratum.v2.staticSecretKey", staticSecretKey);
        }
        p.range("stratum.v2.certificateValidityDays", certificateValidityDays, 1, 3650);
        p.range("stratum.v2.maxFrameLength", maxFrameLength, 1024, 1 << 20);
    }

    private static void secretKey(Problems p, String path, String hex) {
        if (hex == null || hex.isBlank()) {
            p.add(path + ": missing (expected: 64 hex digits; set both keys, or neither to use stratum.v2.keyFile)");
        } else if (!hex.strip().matches("[0-9a-fA-F]{64}")) {
            p.add(path + ": " + hex.strip().length() + " characters (expected: 64 hex digits, a secp256k1 secret key;"
                    + " `java -jar pool-server.jar keygen` makes one)");
        } else {
            java.math.BigInteger d = new java.math.BigInteger(1, HexFormat.of().parseHex(hex.strip()));
            java.math.BigInteger n = new java.math.BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
            p.check(d.signum() > 0 && d.compareTo(n) < 0, path, "(hidden)", "a secret key in 1..n-1 of secp256k1");
        }
    }
}
