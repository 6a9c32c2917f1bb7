package io.stratumpool.validator.address;

/** The kind of output script an address pays to. */
public enum AddressType {
    /** Base58check, pay to the hash160 of a public key. */
    P2PKH,
    /** Base58check, pay to the hash160 of a redeem script (BIP-16). */
    P2SH,
    /** Witness v0 with a 20-byte program. */
    P2WPKH,
    /** Witness v0 with a 32-byte program. */
    P2WSH,
    /** Witness v1 with a 32-byte program (BIP-341). */
    P2TR,
    /** Any other valid witness version/length: spendable by anyone today, reserved for future soft forks. */
    WITNESS_UNKNOWN
}
