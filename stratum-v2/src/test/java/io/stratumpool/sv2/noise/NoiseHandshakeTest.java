package io.stratumpool.sv2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratumpool.sv2.crypto.EllSwiftKeyPair;
import io.stratumpool.sv2.crypto.Schnorr;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The NX handshake between our initiator and responder, and every way the initiator refuses one. */
class NoiseHandshakeTest {
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final Instant FROM = NOW.minus(Duration.ofDays(1));
    private static final Instant UNTIL = NOW.plus(Duration.ofDays(365));

    private final SecureRandom random = new SecureRandom();
    private final byte[] authoritySecret = EllSwiftKeyPair.randomSecretKey(random);
    private final byte[] authorityKey = Schnorr.publicKey(authoritySecret);
    private final EllSwiftKeyPair staticKey = EllSwiftKeyPair.generate(random);

    private Certificate certificate(Instant from, Instant until) {
        return Certificate.sign(Certificate.VERSION, from, until, staticKey.xOnlyPublicKey(), authoritySecret, new byte[32]);
    }

    private NoiseInitiator initiatorAt(Instant now, byte[] authority) {
        return new NoiseInitiator(authority, Clock.fixed(now, ZoneOffset.UTC), random);
    }

    @Test
    void handshakeAgreesOnKeysAndAuthenticatesThePool() throws NoiseException {
        NoiseInitiator initiator = initiatorAt(NOW, authorityKey);
        NoiseResponder responder = new NoiseResponder(staticKey, certificate(FROM, UNTIL), random);

        byte[] act1 = initiator.start();
        assertEquals(64, act1.length);
        byte[] act2 = responder.respond(act1);
        assertEquals(234, act2.length, "64 ephemeral + 80 encrypted static key + 90 encrypted certificate");
        NoiseSession client = initiator.finish(act2);
        NoiseSession server = responder.session();

        assertArrayEquals(server.handshakeHash(), client.handshakeHash());
        assertArrayEquals(staticKey.xOnlyPublicKey(), initiator.serverStaticKey());
        assertEquals(certificate(FROM, UNTIL).validFrom(), initiator.certificate().validFrom());
        assertEquals(UNTIL, initiator.certificate().notValidAfter());
    }

    @Test
    void certificateValidOnItsLastSecondIsAccepted() throws NoiseException {
        NoiseInitiator initiator = initiatorAt(UNTIL, authorityKey);
        NoiseResponder responder = new NoiseResponder(staticKey, certificate(FROM, UNTIL), random);
        assertNotNull(initiator.finish(responder.respond(initiator.start())));
    }

    @Test
    void refusesCertificateSignedByAnotherAuthority() {
        byte[] otherAuthority = Schnorr.publicKey(EllSwiftKeyPair.randomSecretKey(random));
        NoiseException e = handshakeFails(initiatorAt(NOW, otherAuthority), certificate(FROM, UNTIL));
        assertInstanceOf(InvalidCertificateException.class, e);
        assertEquals(NoiseException.Reason.CERTIFICATE_SIGNATURE_INVALID, e.reason());
    }

    @Test
    void withoutCertificateCheckAcceptsAnyAuthorityAndStillEncrypts() throws NoiseException {
        Certificate expiredFromAnother = Certificate.sign(Certificate.VERSION, FROM, FROM.plusSeconds(1),
                staticKey.xOnlyPublicKey(), EllSwiftKeyPair.randomSecretKey(random), new byte[32]);
        NoiseInitiator initiator = NoiseInitiator.withoutCertificateCheck(Clock.fixed(NOW, ZoneOffset.UTC), random);
        NoiseResponder responder = new NoiseResponder(staticKey, expiredFromAnother, random);
        NoiseSession client = initiator.finish(responder.respond(initiator.start()));
        assertArrayEquals(responder.session().handshakeHash(), client.handshakeHash());
    }

    @Test
    void refusesCertificateWhoseSignedFieldsWereChanged() throws NoiseException {
        byte[] bytes = certificate(FROM, UNTIL).encode();
        bytes[9] ^= 0x01; // not_valid_after, most significant byte: a certificate stretched by 2^24 s
        NoiseException e = handshakeFails(initiatorAt(NOW, authorityKey), Certificate.decode(bytes));
        assertEquals(NoiseException.Reason.CERTIFICATE_SIGNATURE_INVALID, e.reason());
    }

    @Test
    void refusesCertificateForAnotherStaticKey() {
        Certificate forOtherKey = Certificate.sign(Certificate.VERSION, FROM, UNTIL,
                EllSwiftKeyPair.generate(random).xOnlyPublicKey(), authoritySecret, new byte[32]);
        NoiseException e = handshakeFails(initiatorAt(NOW, authorityKey), forOtherKey);
        assertEquals(NoiseException.Reason.CERTIFICATE_SIGNATURE_INVALID, e.reason());
    }

    @Test
    void refusesExpiredCertificate() {
        NoiseException e = handshakeFails(initiatorAt(UNTIL.plusSeconds(1), authorityKey), certificate(FROM, UNTIL));
        assertInstanceOf(InvalidCertificateException.class, e);
        assertEquals(NoiseException.Reason.CERTIFICATE_EXPIRED, e.reason());
    }

    @Test
    void refusesCertificateNotYetValid() {
        NoiseException e = handshakeFails(initiatorAt(FROM.minusSeconds(1), authorityKey), certificate(FROM, UNTIL));
        assertEquals(NoiseException.Reason.CERTIFICATE_NOT_YET_VALID, e.reason());
    }

    @Test
    void refusesTamperedEncryptedCertificate() throws NoiseException {
        NoiseInitiator initiator = initiatorAt(NOW, authorityKey);
        byte[] act2 = new NoiseResponder(staticKey, certificate(FROM, UNTIL), random).respond(initiator.start());
        act2[200] ^= 0x40;
        NoiseException e = assertThrows(NoiseException.class, () -> initiator.finish(act2));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
    }

    @Test
    void refusesTamperedEncryptedStaticKey() throws NoiseException {
        NoiseInitiator initiator = initiatorAt(NOW, authorityKey);
        byte[] act2 = new NoiseResponder(staticKey, certificate(FROM, UNTIL), random).respond(initiator.start());
        act2[70] ^= 0x01;
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, assertThrows(NoiseException.class, () -> initiator.finish(act2)).reason());
    }

    @Test
    void refusesReplacedResponderEphemeral() throws NoiseException {
        NoiseInitiator initiator = initiatorAt(NOW, authorityKey);
        byte[] act2 = new NoiseResponder(staticKey, certificate(FROM, UNTIL), random).respond(initiator.start());
        System.arraycopy(EllSwiftKeyPair.generate(random).ellswift(), 0, act2, 0, 64);
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, assertThrows(NoiseException.class, () -> initiator.finish(act2)).reason());
    }

    @Test
    void refusesHandshakeMessagesOfTheWrongLength() {
        NoiseInitiator initiator = initiatorAt(NOW, authorityKey);
        byte[] act1 = initiator.start();
        NoiseResponder responder = new NoiseResponder(staticKey, certificate(FROM, UNTIL), random);
        NoiseException shortAct1 = assertThrows(NoiseException.class, () -> responder.respond(java.util.Arrays.copyOf(act1, 63)));
        assertEquals(NoiseException.Reason.BAD_LENGTH, shortAct1.reason());
        NoiseException specLength = assertThrows(NoiseException.class, () -> initiator.finish(new byte[170]));
        assertEquals("BAD_LENGTH: handshake act 2 of 170 bytes (expected: 234)", specLength.getMessage());
    }

    @Test
    void initiatorStepsRunOnceAndInOrder() {
        NoiseInitiator initiator = initiatorAt(NOW, authorityKey);
        assertThrows(IllegalStateException.class, () -> initiator.finish(new byte[234]));
        initiator.start();
        assertThrows(IllegalStateException.class, initiator::start);
    }

    private NoiseException handshakeFails(NoiseInitiator initiator, Certificate presented) {
        NoiseResponder responder = new NoiseResponder(staticKey, presented, random);
        return assertThrows(NoiseException.class, () -> initiator.finish(responder.respond(initiator.start())));
    }
}
