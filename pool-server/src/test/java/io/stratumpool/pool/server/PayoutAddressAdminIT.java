package io.stratumpool.pool.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code payout.requireAddress}: the in-process pool refuses at authorize a user name it could not
 * pay, with the cause in the Stratum error, until an operator binds an address through the admin
 * API; the binding and its audit trail are read back over HTTP.
 */
class PayoutAddressAdminIT {
    private static final String TOKEN = "test-token-0123456789";
    private static final String ADDRESS = "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private PoolFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new PoolFixture("0.01", Map.of("admin.enabled", "true", "admin.port", "0", "admin.token", TOKEN,
                "payout.requireAddress", "true"));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aUserNameThatCannotBePaidIsRefusedUntilAnOperatorBindsAnAddress() throws Exception {
        JsonNode refused = authorize("alice.rig1");
        assertEquals(24, refused.path("error").path(0).asInt(), refused::toString);
        assertEquals("Unauthorized worker: user name is not a regtest address (invalid base58 character 'l' at position 1)"
                + " and has no payout address bound", refused.path("error").path(1).asText());
        JsonNode mainnet = authorize("bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv.rig");
        assertTrue(mainnet.path("error").path(1).asText().contains("network mismatch"), mainnet::toString);
        assertTrue(authorize(ADDRESS + ".rig").path("result").asBoolean(), "an address pays itself");

        HttpResponse<String> bad = admin("PUT", "payout-addresses/alice",
                "{\"address\":\"" + ADDRESS.replace('9', '8') + "\",\"by\":\"ops-ann\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(JSON.readTree(bad.body()).path("error").asText().contains("bad checksum"), bad.body());

        HttpResponse<String> bound = admin("PUT", "payout-addresses/alice",
                "{\"address\":\"" + ADDRESS + "\",\"by\":\"ops-ann\"}");
        assertEquals(200, bound.statusCode(), bound.body());
        assertTrue(authorize("alice.rig1").path("result").asBoolean(), "bound now");

        JsonNode view = JSON.readTree(admin("GET", "payout-addresses/alice", "").body());
        assertEquals(ADDRESS, view.path("address").asText());
        assertEquals("bound", view.path("source").asText());
        assertEquals(1, view.path("changes").size());
        assertTrue(view.path("changes").path(0).path("oldAddress").isNull(), view::toString);
        assertEquals("ops-ann", view.path("changes").path(0).path("by").asText());
    }

    private JsonNode authorize(String worker) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), f.port())) {
            socket.setSoTimeout(5_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            socket.getOutputStream().write(("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n"
                    + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + worker + "\",\"x\"]}\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode reply = JSON.readTree(line);
                if (reply.path("id").asInt() == 2) {
                    return reply;
                }
            }
            throw new AssertionError("closed before the authorize reply");
        }
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.pool.adminPort() + "/admin/" + path))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
