package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stratum+ssl port beside the plain one: the same Stratum, inside TLS. */
class TlsPortIT {
    @TempDir
    Path dir;

    @Test
    void minerSpeaksStratumOverTls() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1")
                .redirectErrorStream(true).start();
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0,
                "openssl must be installed to make the test certificate: " + new String(openssl.getInputStream().readAllBytes()));
        try (PoolFixture fixture = new PoolFixture("0.01", Map.of("stratum.ports[1].port", "0", "stratum.ports[1].tls", "true",
                "stratum.tls.certFile", cert.toString(), "stratum.tls.keyFile", key.toString()))) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", fixture.pool.stratumPort(1))) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"tls-test/1.0\"]}\n"
                        + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"dave.tls\",\"x\"]}\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertTrue(in.readLine().startsWith("{\"id\":1,\"result\":[[[\"mining.set_difficulty\""));
                assertEquals("{\"id\":2,\"result\":true,\"error\":null}", in.readLine());
                assertTrue(in.readLine().contains("mining.set_difficulty"));
                assertTrue(in.readLine().contains("\"mining.notify\""));
                assertEquals("TLSv1.3", socket.getSession().getProtocol());
            }
        }
    }

    /** The test's self-signed certificate: trust it without a CA. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
