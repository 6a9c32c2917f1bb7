package io.stratumpool.sv2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratumpool.sv2.crypto.EllSwiftKeyPair;
import io.stratumpool.sv2.crypto.Schnorr;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Encrypted frames read back from a byte stream in header and payload steps. */
class EncryptedFrameReaderTest {
    private final SecureRandom random = new SecureRandom();
    private NoiseSession client;
    private NoiseSession server;

    @BeforeEach
    void handshake() throws NoiseException {
        Instant now = Instant.parse("2026-12-02T08:00:00Z");
        PoolKeys keys = PoolKeys.generate(random);
        NoiseInitiator initiator = new NoiseInitiator(keys.authorityPublicKey(), Clock.fixed(now, ZoneOffset.UTC), random);
        NoiseResponder responder = new NoiseResponder(keys.staticKeyPair(random), keys.certificate(now, now, random), random);
        client = initiator.finish(responder.respond(initiator.start()));
        server = responder.session();
    }

    private byte[] payload(int length) {
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        return payload;
    }

    @Test
    void readsConsecutiveFramesFromOneStream() throws Exception {
        List<byte[]> sent = List.of(NoiseSessionTest.frame(0x8000, 0x1a, payload(24)), NoiseSessionTest.frame(0, 0x01, new byte[0]),
                NoiseSessionTest.frame(0, 0x00, payload(70_000)));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (byte[] frame : sent) {
            wire.write(client.encryptFrame(frame));
        }
        ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());
        EncryptedFrameReader reader = new EncryptedFrameReader(server, 1 << 20);
        List<byte[]> received = new ArrayList<>();
        while (in.available() > 0) {
            byte[] frame = reader.accept(readExactly(in, reader.bytesNeeded()));
            if (frame != null) {
                received.add(frame);
            }
        }
        assertEquals(sent.size(), received.size());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), received.get(i), "frame " + i);
        }
    }

    @Test
    void asksForTheHeaderThenThePayload() throws NoiseException {
        byte[] encrypted = client.encryptFrame(NoiseSessionTest.frame(0, 0x10, payload(100)));
        EncryptedFrameReader reader = new EncryptedFrameReader(server, 1000);
        assertEquals(22, reader.bytesNeeded());
        assertNull(reader.accept(java.util.Arrays.copyOf(encrypted, 22)));
        assertEquals(116, reader.bytesNeeded());
        assertEquals(106, reader.accept(java.util.Arrays.copyOfRange(encrypted, 22, encrypted.length)).length);
        assertEquals(22, reader.bytesNeeded());
    }

    @Test
    void refusesAnAnnouncedPayloadOverTheLimitBeforeReadingIt() throws NoiseException {
        byte[] encrypted = client.encryptFrame(NoiseSessionTest.frame(0, 0x1f, payload(4097)));
        EncryptedFrameReader reader = new EncryptedFrameReader(server, 4096);
        NoiseException e = assertThrows(NoiseException.class, () -> reader.accept(java.util.Arrays.copyOf(encrypted, 22)));
        assertEquals(NoiseException.Reason.FRAME_TOO_LARGE, e.reason());
        assertEquals("FRAME_TOO_LARGE: msg_length 4097 exceeds the limit of 4096 bytes", e.getMessage());
    }

    @Test
    void refusesGarbageAsAHeader() {
        EncryptedFrameReader reader = new EncryptedFrameReader(server, 4096);
        NoiseException e = assertThrows(NoiseException.class, () -> reader.accept(payload(22)));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
    }

    @Test
    void refusesAChunkOfTheWrongSize() {
        EncryptedFrameReader reader = new EncryptedFrameReader(server, 4096);
        assertThrows(IllegalArgumentException.class, () -> reader.accept(new byte[21]));
        assertThrows(IllegalArgumentException.class, () -> new EncryptedFrameReader(server, 1 << 24));
    }

    private static byte[] readExactly(ByteArrayInputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        assertEquals(length, bytes.length, "stream ended inside a frame");
        return bytes;
    }
}
