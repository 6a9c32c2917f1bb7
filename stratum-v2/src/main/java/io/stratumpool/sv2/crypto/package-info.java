/**
 * secp256k1 arithmetic on BouncyCastle's curve, BIP340 Schnorr signatures, BIP324 ElligatorSwift
 * encoding with x-only ECDH, and base58check. Depends on BouncyCastle and the JDK only.
 */
package io.stratumpool.sv2.crypto;
