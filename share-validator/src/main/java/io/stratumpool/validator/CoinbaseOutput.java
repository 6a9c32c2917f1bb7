package io.stratumpool.validator;

/** One output of the coinbase transaction: an amount in satoshis to an output script. */
public record CoinbaseOutput(long value, byte[] script) {
    public CoinbaseOutput {
        if (value < 0) {
            throw new IllegalArgumentException("output value: " + value + " (expected: >= 0)");
        }
        if (script == null || script.length == 0 || script.length > 10_000) {
            throw new IllegalArgumentException("output script: empty or longer than 10000 bytes");
        }
    }
}
