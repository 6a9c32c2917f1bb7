/** Bitcoin addresses of every type (P2PKH, P2SH, P2WPKH, P2WSH, P2TR) for each network: Base58Check and Bech32/Bech32m decoding into output scripts. Depends on nothing but the JDK. */
package io.stratumpool.validator.address;
