package io.stratumpool.sv2.noise;

import io.stratumpool.sv2.crypto.EllSwift;
import io.stratumpool.sv2.crypto.EllSwiftKeyPair;
import io.stratumpool.sv2.crypto.Secp256k1;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The client (miner) side of the handshake: {@link #start()} gives act 1 ({@code -> e}, 64 bytes),
 * {@link #finish(byte[])} takes act 2 ({@code <- e, ee, s, es, SIGNATURE_NOISE_MESSAGE}, 234 bytes),
 * checks the pool's certificate against the configured authority key and the clock, and returns
 * the transport. One instance per connection attempt.
 */
public final class NoiseInitiator {
    private final byte[] authorityXOnlyKey;
    private final Clock clock;
    private final Supplier<EllSwiftKeyPair> ephemeralKeys;
    private final SymmetricState state = new SymmetricState();
    private EllSwiftKeyPair ephemeral;
    private boolean finished;
    private Certificate certificate;
    private byte[] serverStaticKey;

    /** @param authorityXOnlyKey the pool's authority public key (32 bytes x-only), e.g. decoded from the base58check form miners configure */
    public NoiseInitiator(byte[] authorityXOnlyKey, Clock clock, SecureRandom random) {
        this(authorityXOnlyKey, clock, () -> EllSwiftKeyPair.generate(random));
    }

    /** With a chosen source of ephemeral keys: for test vectors only. */
    NoiseInitiator(byte[] authorityXOnlyKey, Clock clock, Supplier<EllSwiftKeyPair> ephemeralKeys) {
        if (authorityXOnlyKey.length != 32) {
            throw new IllegalArgumentException("authority public key: " + authorityXOnlyKey.length + " bytes (expected: 32, x-only)");
        }
        this.authorityXOnlyKey = authorityXOnlyKey.clone();
        this.clock = clock;
        this.ephemeralKeys = ephemeralKeys;
    }

    private NoiseInitiator(Clock clock, Supplier<EllSwiftKeyPair> ephemeralKeys) {
        this.authorityXOnlyKey = null;
        this.clock = clock;
        this.ephemeralKeys = ephemeralKeys;
    }

    /**
     * An initiator that encrypts but accepts any pool: the certificate is decoded, its signature
     * and dates are not checked. Anyone on the path can impersonate the pool; for tests and for
     * operators who asked for it by name only.
     */
    public static NoiseInitiator withoutCertificateCheck(Clock clock, SecureRandom random) {
        return new NoiseInitiator(clock, () -> EllSwiftKeyPair.generate(random));
    }

    /** Act 1: the initiator's ephemeral key as 64 ElligatorSwift bytes. */
    public byte[] start() {
        if (ephemeral != null) {
            throw new IllegalStateException("the handshake already started");
        }
        ephemeral = ephemeralKeys.get();
        byte[] message = ephemeral.ellswift();
        state.mixHash(message);
        try {
            state.encryptAndHash(new byte[0]); // k is empty: MixHash of the empty payload
        } catch (NoiseException e) {
            throw new IllegalStateException("k is empty before act 2", e);
        }
        return message;
    }

    /**
     * Act 2: reads the responder's message and returns the transport once the certificate is
     * valid. Any exception means the connection must be closed.
     */
    public NoiseSession finish(byte[] message) throws NoiseException {
        if (ephemeral == null || finished) {
            throw new IllegalStateException(ephemeral == null ? "start() first" : "the handshake already finished");
        }
        finished = true;
        if (message.length != NoiseResponder.MESSAGE_2_LENGTH) {
            throw new NoiseException(NoiseException.Reason.BAD_LENGTH, "handshake act 2 of " + message.length
                    + " bytes (expected: " + NoiseResponder.MESSAGE_2_LENGTH + ")");
        }
        byte[] responderEphemeral = Arrays.copyOfRange(message, 0, 64);
        state.mixHash(responderEphemeral);
        state.mixKey(ephemeral.ecdh(responderEphemeral, true));
        byte[] staticKey = state.decryptAndHash(Arrays.copyOfRange(message, 64, 144));
        state.mixKey(ephemeral.ecdh(staticKey, true));
        Certificate received = Certificate.decode(state.decryptAndHash(Arrays.copyOfRange(message, 144, 234)));
        byte[] serverXOnly = Secp256k1.bytes32(EllSwift.decode(staticKey));
        if (authorityXOnlyKey != null) {
            received.verify(serverXOnly, authorityXOnlyKey, clock.instant());
        }
        certificate = received;
        serverStaticKey = serverXOnly;
        CipherState[] ciphers = state.split();
        return new NoiseSession(ciphers[0], ciphers[1], state.handshakeHash());
    }

    /** The pool's verified certificate, once {@link #finish} succeeded. */
    public Certificate certificate() {
        return certificate;
    }

    /** The pool's static public key (32 bytes x-only), once {@link #finish} succeeded. */
    public byte[] serverStaticKey() {
        return serverStaticKey == null ? null : serverStaticKey.clone();
    }
}
