package io.stratumpool.sv2.noise;

import io.stratumpool.sv2.crypto.EllSwift;
import io.stratumpool.sv2.crypto.EllSwiftKeyPair;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * The server (pool) side of the handshake: {@link #respond(byte[])} takes act 1 (64 bytes) and
 * returns act 2: ephemeral key (64) + encrypted static key (64 + 16 MAC) + encrypted certificate
 * (74 + 16 MAC) = 234 bytes. (The spec's "170 bytes" is a known error; 234 is what interoperates.)
 * One instance per connection.
 */
public final class NoiseResponder {
    /** Length of act 1: the initiator's ElligatorSwift ephemeral key. */
    public static final int MESSAGE_1_LENGTH = EllSwift.ENCODED_LENGTH;
    /** Length of act 2. */
    public static final int MESSAGE_2_LENGTH = 64 + 64 + CipherState.MAC_LENGTH + Certificate.LENGTH + CipherState.MAC_LENGTH;

    private final EllSwiftKeyPair staticKey;
    private final Certificate certificate;
    private final Supplier<EllSwiftKeyPair> ephemeralKeys;
    private final SymmetricState state = new SymmetricState();
    private NoiseSession session;
    private boolean responded;

    /**
     * @param staticKey the pool's static key pair (its encoding is the one sent)
     * @param certificate the authority's certificate for that key
     */
    public NoiseResponder(EllSwiftKeyPair staticKey, Certificate certificate, SecureRandom random) {
        this(staticKey, certificate, () -> EllSwiftKeyPair.generate(random));
    }

    /** With a chosen source of ephemeral keys: for test vectors only. */
    NoiseResponder(EllSwiftKeyPair staticKey, Certificate certificate, Supplier<EllSwiftKeyPair> ephemeralKeys) {
        this.staticKey = staticKey;
        this.certificate = certificate;
        this.ephemeralKeys = ephemeralKeys;
    }

    /** Reads act 1 and returns act 2; afterwards {@link #session()} is the transport. */
    public byte[] respond(byte[] message1) throws NoiseException {
        if (responded) {
            throw new IllegalStateException("the handshake already ran");
        }
        responded = true;
        if (message1.length != MESSAGE_1_LENGTH) {
            throw new NoiseException(NoiseException.Reason.BAD_LENGTH,
                    "handshake act 1 of " + message1.length + " bytes (expected: " + MESSAGE_1_LENGTH + ")");
        }
        byte[] initiatorEphemeral = message1.clone();
        state.mixHash(initiatorEphemeral);
        state.decryptAndHash(new byte[0]); // k is empty: MixHash of the empty payload

        EllSwiftKeyPair ephemeral = ephemeralKeys.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream(MESSAGE_2_LENGTH);
        byte[] ephemeralKey = ephemeral.ellswift();
        out.writeBytes(ephemeralKey);
        state.mixHash(ephemeralKey);
        state.mixKey(ephemeral.ecdh(initiatorEphemeral, false));
        out.writeBytes(state.encryptAndHash(staticKey.ellswift()));
        state.mixKey(staticKey.ecdh(initiatorEphemeral, false));
        out.writeBytes(state.encryptAndHash(certificate.encode()));
        CipherState[] ciphers = state.split();
        session = new NoiseSession(ciphers[1], ciphers[0], state.handshakeHash());
        return out.toByteArray();
    }

    /** The transport, after {@link #respond}. */
    public NoiseSession session() {
        if (session == null) {
            throw new IllegalStateException("respond() first");
        }
        return session;
    }
}
