package io.stratumpool.validator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the coinbase for a template: scriptSig = BIP34 height push, the template's coinbaseaux
 * flags, the pool tag, then the extranonce1 and extranonce2 placeholder; outputs = the payouts
 * (summing exactly to the coinbase value) followed by the witness commitment when there is one.
 */
public final class CoinbaseBuilder {
    /** Consensus limit on the coinbase scriptSig length. */
    public static final int MAX_SCRIPT_SIG = 100;

    private long height = -1;
    private byte[] auxFlags = new byte[0];
    private byte[] poolTag = new byte[0];
    private int extranonce1Size = 4;
    private int extranonce2Size = 4;
    private long coinbaseValue = -1;
    private final List<CoinbaseOutput> payouts = new ArrayList<>();
    private byte[] witnessCommitmentScript;
    private long version = 1;
    private long lockTime;

    /** Height, value, witness commitment and aux flags from a template. */
    public static CoinbaseBuilder forTemplate(BlockTemplate template) {
        return new CoinbaseBuilder()
                .height(template.height())
                .coinbaseValue(template.coinbaseValue())
                .witnessCommitmentScript(template.witnessCommitmentScript())
                .auxFlags(template.coinbaseAuxFlags());
    }

    public CoinbaseBuilder height(long height) {
        this.height = height;
        return this;
    }

    public CoinbaseBuilder auxFlags(byte[] flags) {
        this.auxFlags = flags == null ? new byte[0] : flags.clone();
        return this;
    }

    public CoinbaseBuilder poolTag(String tag) {
        return poolTag(tag.getBytes(StandardCharsets.UTF_8));
    }

    public CoinbaseBuilder poolTag(byte[] tag) {
        this.poolTag = tag.clone();
        return this;
    }

    public CoinbaseBuilder extranonceSizes(int extranonce1Size, int extranonce2Size) {
        if (extranonce1Size < 0 || extranonce1Size > 16 || extranonce2Size < 1 || extranonce2Size > 16) {
            throw new IllegalArgumentException("extranonce sizes " + extranonce1Size + "+" + extranonce2Size
                    + " (expected: extranonce1 0..16, extranonce2 1..16 bytes)");
        }
        this.extranonce1Size = extranonce1Size;
        this.extranonce2Size = extranonce2Size;
        return this;
    }

    public CoinbaseBuilder coinbaseValue(long satoshis) {
        this.coinbaseValue = satoshis;
        return this;
    }

    public CoinbaseBuilder payout(long value, byte[] script) {
        payouts.add(new CoinbaseOutput(value, script));
        return this;
    }

    public CoinbaseBuilder payouts(List<CoinbaseOutput> outputs) {
        payouts.addAll(outputs);
        return this;
    }

    /** The full witness commitment output script ({@code 6a24aa21a9ed…}), or null for none. */
    public CoinbaseBuilder witnessCommitmentScript(byte[] script) {
        this.witnessCommitmentScript = script == null ? null : script.clone();
        return this;
    }

    public CoinbaseBuilder version(long version) {
        this.version = version;
        return this;
    }

    public CoinbaseBuilder lockTime(long lockTime) {
        this.lockTime = lockTime;
        return this;
    }

    /**
     * The serialized size without witness of this coinbase with no payout outputs yet: everything
     * but the payouts (the witness commitment output included, the output count taken as one byte,
     * right for fewer than 253 outputs). A payout of script length n adds {@link #outputSize}(n).
     * What firmware limits and a byte budget counts.
     */
    public int sizeWithoutPayouts() {
        int scriptSigLength = Script.bip34HeightPush(requireSet(height, "height")).length + auxFlags.length
                + poolTag.length + extranonce1Size + extranonce2Size;
        int commitment = witnessCommitmentScript == null ? 0 : outputSize(witnessCommitmentScript.length);
        return 4 + 1 + 32 + 4 + compactSizeLength(scriptSigLength) + scriptSigLength + 4 + 1 + commitment + 4;
    }

    /** Bytes one output takes: 8-byte value, script length, script. */
    public static int outputSize(int scriptLength) {
        return 8 + compactSizeLength(scriptLength) + scriptLength;
    }

    private static int compactSizeLength(long n) {
        return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffffL ? 5 : 9;
    }

    public Coinbase build() {
        byte[] heightPush = Script.bip34HeightPush(requireSet(height, "height"));
        int scriptSigLength = heightPush.length + auxFlags.length + poolTag.length + extranonce1Size + extranonce2Size;
        if (scriptSigLength > MAX_SCRIPT_SIG) {
            throw new IllegalArgumentException("coinbase scriptSig: " + scriptSigLength + " bytes (expected: <= "
                    + MAX_SCRIPT_SIG + "; height push " + heightPush.length + ", aux flags " + auxFlags.length
                    + ", pool tag " + poolTag.length + ", extranonce " + (extranonce1Size + extranonce2Size)
                    + "): shorten the pool tag");
        }
        if (scriptSigLength < 2) {
            throw new IllegalArgumentException("coinbase scriptSig: " + scriptSigLength + " bytes (expected: >= 2)");
        }
        checkPayouts();
        ByteWriter head = new ByteWriter(64 + scriptSigLength)
                .writeUInt32LE(version)
                .writeCompactSize(1)
                .writeBytes(new byte[32])
                .writeUInt32LE(0xffffffffL)
                .writeCompactSize(scriptSigLength)
                .writeBytes(heightPush)
                .writeBytes(auxFlags)
                .writeBytes(poolTag);
        ByteWriter tail = new ByteWriter(64 + 40 * payouts.size()).writeUInt32LE(0xffffffffL);
        tail.writeCompactSize(payouts.size() + (witnessCommitmentScript == null ? 0 : 1));
        for (CoinbaseOutput out : payouts) {
            tail.writeInt64LE(out.value()).writeVarBytes(out.script());
        }
        if (witnessCommitmentScript != null) {
            tail.writeInt64LE(0).writeVarBytes(witnessCommitmentScript);
        }
        tail.writeUInt32LE(lockTime);
        return new Coinbase(head.toByteArray(), tail.toByteArray(), extranonce1Size, extranonce2Size,
                witnessCommitmentScript != null);
    }

    private void checkPayouts() {
        requireSet(coinbaseValue, "coinbaseValue");
        if (payouts.isEmpty()) {
            throw new IllegalArgumentException("coinbase: no payout output");
        }
        long sum = 0;
        for (CoinbaseOutput out : payouts) {
            sum = Math.addExact(sum, out.value());
        }
        if (sum != coinbaseValue) {
            throw new IllegalArgumentException("coinbase: payouts sum to " + sum + " sat (expected: exactly the coinbase value "
                    + coinbaseValue + " sat)");
        }
    }

    private static long requireSet(long value, String name) {
        if (value < 0) {
            throw new IllegalStateException("coinbase: " + name + " not set");
        }
        return value;
    }
}
