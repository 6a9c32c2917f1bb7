package io.stratumpool.sv2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratumpool.sv2.crypto.EllSwiftKeyPair;
import io.stratumpool.sv2.crypto.Schnorr;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The encrypted transport after a real handshake: frames both ways, chunking, and refusals. */
class NoiseSessionTest {
    private final SecureRandom random = new SecureRandom();
    private NoiseSession client;
    private NoiseSession server;

    @BeforeEach
    void handshake() throws NoiseException {
        Instant now = Instant.parse("2026-12-02T08:00:00Z");
        byte[] authoritySecret = EllSwiftKeyPair.randomSecretKey(random);
        EllSwiftKeyPair staticKey = EllSwiftKeyPair.generate(random);
        Certificate certificate = Certificate.sign(0, now, now.plusSeconds(3600), staticKey.xOnlyPublicKey(),
                authoritySecret, new byte[32]);
        NoiseInitiator initiator = new NoiseInitiator(Schnorr.publicKey(authoritySecret), Clock.fixed(now, ZoneOffset.UTC), random);
        NoiseResponder responder = new NoiseResponder(staticKey, certificate, random);
        client = initiator.finish(responder.respond(initiator.start()));
        server = responder.session();
    }

    static byte[] frame(int extensionType, int msgType, byte[] payload) {
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) extensionType;
        frame[1] = (byte) (extensionType >>> 8);
        frame[2] = (byte) msgType;
        frame[3] = (byte) payload.length;
        frame[4] = (byte) (payload.length >>> 8);
        frame[5] = (byte) (payload.length >>> 16);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }

    private byte[] payload(int length) {
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        return payload;
    }

    @Test
    void framesRoundTripInBothDirectionsInOrder() throws NoiseException {
        for (int i = 0; i < 3; i++) {
            byte[] up = frame(0, 0x1a, payload(40 + i));
            byte[] down = frame(0x8000, 0x1c, payload(10 * i));
            assertArrayEquals(up, server.decryptFrame(client.encryptFrame(up)));
            assertArrayEquals(down, client.decryptFrame(server.encryptFrame(down)));
        }
    }

    @Test
    void encryptedFrameIsHeaderBlockThenPayloadBlock() throws NoiseException {
        byte[] encrypted = client.encryptFrame(frame(0, 0x00, payload(100)));
        assertEquals(22 + 100 + 16, encrypted.length);
        byte[] header = server.decryptHeader(encrypted, 0);
        assertEquals(100, NoiseSession.payloadLength(header));
        assertEquals(116, NoiseSession.payloadCiphertextLength(100));
        assertEquals(100, server.decryptPayload(encrypted, 22, 100).length);
    }

    @Test
    void largePayloadsAreSplitIntoBlocksOfAtMost65535Bytes() throws NoiseException {
        byte[] frame = frame(0, 0x1f, payload(2 * 65519 + 7));
        byte[] encrypted = client.encryptFrame(frame);
        assertEquals(22 + 65535 + 65535 + 7 + 16, encrypted.length);
        assertArrayEquals(frame, server.decryptFrame(encrypted));
    }

    @Test
    void emptyPayloadIsTheHeaderAlone() throws NoiseException {
        byte[] frame = frame(0, 0x18, new byte[0]);
        byte[] encrypted = server.encryptFrame(frame);
        assertEquals(22, encrypted.length);
        assertArrayEquals(frame, client.decryptFrame(encrypted));
    }

    @Test
    void ciphertextLengthFollowsTheSpecFormula() {
        assertEquals(0, NoiseSession.payloadCiphertextLength(0));
        assertEquals(17, NoiseSession.payloadCiphertextLength(1));
        assertEquals(65535, NoiseSession.payloadCiphertextLength(65519));
        assertEquals(65535 + 17, NoiseSession.payloadCiphertextLength(65520));
    }

    @Test
    void refusesTamperedPayload() throws NoiseException {
        byte[] encrypted = client.encryptFrame(frame(0, 0x1a, payload(64)));
        encrypted[30] ^= 0x01;
        NoiseException e = assertThrows(NoiseException.class, () -> server.decryptFrame(encrypted));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
    }

    @Test
    void refusesTamperedHeader() throws NoiseException {
        byte[] encrypted = client.encryptFrame(frame(0, 0x1a, payload(64)));
        encrypted[3] ^= 0x01;
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, assertThrows(NoiseException.class, () -> server.decryptHeader(encrypted, 0)).reason());
    }

    @Test
    void refusesReplayedAndReflectedFrames() throws NoiseException {
        byte[] encrypted = client.encryptFrame(frame(0, 0x1a, payload(8)));
        server.decryptFrame(encrypted);
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, assertThrows(NoiseException.class, () -> server.decryptFrame(encrypted)).reason());
        byte[] reflected = client.encryptFrame(frame(0, 0x1a, payload(8)));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, assertThrows(NoiseException.class, () -> client.decryptFrame(reflected)).reason(),
                "each direction has its own key");
    }

    @Test
    void refusesTruncatedFrames() throws NoiseException {
        byte[] encrypted = client.encryptFrame(frame(0, 0x1a, payload(64)));
        NoiseException header = assertThrows(NoiseException.class, () -> server.decryptHeader(Arrays.copyOf(encrypted, 21), 0));
        assertEquals(NoiseException.Reason.BAD_LENGTH, header.reason());
        NoiseException whole = assertThrows(NoiseException.class, () -> server.decryptFrame(Arrays.copyOf(encrypted, encrypted.length - 1)));
        assertEquals(NoiseException.Reason.BAD_LENGTH, whole.reason());
    }

    @Test
    void refusesToEncryptAFrameWhoseHeaderLies() {
        byte[] frame = frame(0, 0x1a, payload(10));
        frame[3] = 11;
        assertThrows(IllegalArgumentException.class, () -> client.encryptFrame(frame));
    }
}
