package io.stratumpool.sv2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratumpool.sv2.crypto.EllSwiftKeyPair;
import io.stratumpool.sv2.crypto.Schnorr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A full handshake and two transport frames against noise/handshake_vector.csv, which
 * noise/gen_handshake_vector.py computes from the spec with the BIP324 and BIP340 reference code
 * (Python) as the crypto: ElligatorSwift ECDH, tagged hash, HKDF, ChaCha20-Poly1305 with the Noise
 * nonce layout and BIP340 signing are checked against an independent implementation. The spec
 * repository publishes no handshake vector of its own.
 */
class HandshakeVectorTest {
    private static final Map<String, byte[]> V = new HashMap<>();
    private static final Instant NOW = Instant.ofEpochSecond(1_780_000_000L);

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = HandshakeVectorTest.class.getResourceAsStream("/noise/handshake_vector.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] cells = lines[i].split(",");
                V.put(cells[0], HexFormat.of().parseHex(cells[1]));
            }
        }
    }

    private static EllSwiftKeyPair pair(String name) {
        return EllSwiftKeyPair.of(V.get(name + "_secret"), V.get(name + "_ellswift"));
    }

    private static Certificate certificate() {
        byte[] serverKey = pair("responder_static").xOnlyPublicKey();
        return Certificate.sign(0, Instant.ofEpochSecond(1_764_633_600L), Instant.ofEpochSecond(1_796_169_600L), serverKey,
                V.get("authority_secret"), V.get("certificate_aux_rand"));
    }

    @Test
    void certificateIsTheReferenceSignature() {
        assertArrayEquals(V.get("certificate"), certificate().encode());
    }

    @Test
    void responderWritesTheVectorActTwoAndBothSidesReachTheVectorState() throws NoiseException {
        NoiseResponder responder = new NoiseResponder(pair("responder_static"), certificate(), () -> pair("responder_ephemeral"));
        NoiseInitiator initiator = new NoiseInitiator(Schnorr.publicKey(V.get("authority_secret")),
                Clock.fixed(NOW, ZoneOffset.UTC), () -> pair("initiator_ephemeral"));

        byte[] act1 = initiator.start();
        assertArrayEquals(V.get("initiator_ephemeral_ellswift"), act1);
        byte[] act2 = responder.respond(act1);
        assertArrayEquals(V.get("act2"), act2);
        NoiseSession client = initiator.finish(act2);
        NoiseSession server = responder.session();
        assertArrayEquals(V.get("handshake_hash"), client.handshakeHash());
        assertArrayEquals(V.get("handshake_hash"), server.handshakeHash());

        assertArrayEquals(V.get("up_frame_encrypted"), client.encryptFrame(V.get("up_frame_plain")));
        assertArrayEquals(V.get("down_frame_encrypted"), server.encryptFrame(V.get("down_frame_plain")));
    }

    @Test
    void decryptsTheVectorFrames() throws NoiseException {
        NoiseResponder responder = new NoiseResponder(pair("responder_static"), certificate(), () -> pair("responder_ephemeral"));
        responder.respond(V.get("initiator_ephemeral_ellswift"));
        assertArrayEquals(V.get("up_frame_plain"), responder.session().decryptFrame(V.get("up_frame_encrypted")));

        NoiseInitiator initiator = new NoiseInitiator(Schnorr.publicKey(V.get("authority_secret")),
                Clock.fixed(NOW, ZoneOffset.UTC), () -> pair("initiator_ephemeral"));
        initiator.start();
        assertArrayEquals(V.get("down_frame_plain"), initiator.finish(V.get("act2")).decryptFrame(V.get("down_frame_encrypted")));
    }

    @Test
    void keyPairRefusesAnEncodingOfAnotherKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EllSwiftKeyPair.of(V.get("responder_static_secret"), V.get("initiator_ephemeral_ellswift")));
        assertEquals("ellswift encoding: not an encoding of this secret key's public key", e.getMessage());
    }
}
