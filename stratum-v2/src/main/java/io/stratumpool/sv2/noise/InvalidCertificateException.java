package io.stratumpool.sv2.noise;

/**
 * The initiator refuses the responder's certificate: bad signature (tampered certificate or wrong
 * authority key), expired or not yet valid. The connection must not be used.
 */
public final class InvalidCertificateException extends NoiseException {
    public InvalidCertificateException(Reason reason, String message) {
        super(reason, message);
    }
}
