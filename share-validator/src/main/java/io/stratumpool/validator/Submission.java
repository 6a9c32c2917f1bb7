package io.stratumpool.validator;

/**
 * The miner-supplied fields of {@code mining.submit}, as the hex text they arrived in.
 * {@code versionBits} is null when the miner sent none (no version rolling).
 */
public record Submission(String extranonce2, String nTime, String nonce, String versionBits) {
}
