package io.stratumpool.pool.node;

import io.stratumpool.validator.Sha256d;
import io.stratumpool.validator.address.Bech32;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/** A secp256k1 key the tests control: P2WPKH script and address, and BIP62 low-S DER signatures. */
public final class TestKey {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    private static final BigInteger HALF_N = CURVE.getN().shiftRight(1);

    private final BigInteger privateKey;
    private final byte[] publicKey;

    private TestKey(BigInteger privateKey) {
        this.privateKey = privateKey;
        this.publicKey = CURVE.getG().multiply(privateKey).normalize().getEncoded(true);
    }

    /** A deterministic key from a seed phrase, so failures replay. */
    public static TestKey fromSeed(String seed) {
        BigInteger k = new BigInteger(1, Sha256d.sha256(seed.getBytes(StandardCharsets.UTF_8))).mod(CURVE.getN());
        return new TestKey(k.signum() == 0 ? BigInteger.ONE : k);
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    /** RIPEMD160(SHA256(compressed public key)). */
    public byte[] pubKeyHash() {
        byte[] sha = Sha256d.sha256(publicKey);
        RIPEMD160Digest ripemd = new RIPEMD160Digest();
        ripemd.update(sha, 0, sha.length);
        byte[] out = new byte[20];
        ripemd.doFinal(out, 0);
        return out;
    }

    /** OP_0 PUSH20 pubKeyHash. */
    public byte[] p2wpkhScript() {
        byte[] script = new byte[22];
        script[1] = 0x14;
        System.arraycopy(pubKeyHash(), 0, script, 2, 20);
        return script;
    }

    public String address(String hrp) {
        return Bech32.encodeSegwit(hrp, 0, pubKeyHash());
    }

    /** RFC 6979 deterministic ECDSA over a 32-byte digest, S normalized low, DER encoded. */
    byte[] signDer(byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(privateKey, DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1].compareTo(HALF_N) > 0 ? CURVE.getN().subtract(rs[1]) : rs[1];
        try {
            return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(rs[0]), new ASN1Integer(s)})
                    .getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
