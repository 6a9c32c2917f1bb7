/**
 * Stratum V2 without I/O. {@code crypto}: secp256k1 on BouncyCastle's curve, BIP340 Schnorr,
 * BIP324 ElligatorSwift and x-only ECDH. {@code noise}: the Noise NX handshake, the certificate and
 * the encrypted transport. {@code codec}: frame header and data types. {@code message}: the Common
 * and Mining protocol messages. Dependencies point message → codec and noise → crypto; nothing here
 * knows the pool.
 */
package io.stratumpool.sv2;
