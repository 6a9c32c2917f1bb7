package io.stratumpool.pool.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The certificate for {@code stratum+ssl://} ports: a PEM certificate chain and its PEM private key
 * (PKCS#8, "BEGIN PRIVATE KEY"). Ports opt in with {@code tls: true}.
 */
public record TlsConfig(String certFile, String keyFile) {

    void validate(Problems p) {
        file(p, "stratum.tls.certFile", certFile);
        file(p, "stratum.tls.keyFile", keyFile);
    }

    private static void file(Problems p, String path, String value) {
        if (value == null || value.isBlank()) {
            p.add(path + ": missing (expected: a readable PEM file; a port has tls: true)");
        } else if (!Files.isReadable(Path.of(value))) {
            p.add(path + ": " + value + " (expected: a readable PEM file)");
        }
    }
}
