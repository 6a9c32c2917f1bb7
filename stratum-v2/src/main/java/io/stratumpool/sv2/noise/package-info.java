/**
 * Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256 as the Stratum V2 security section defines it: the
 * two-message handshake ({@link io.stratumpool.sv2.noise.NoiseInitiator},
 * {@link io.stratumpool.sv2.noise.NoiseResponder}), the pool's certificate signed by the authority
 * key, the base58check authority key miners configure, and the encrypted frame transport
 * ({@link io.stratumpool.sv2.noise.NoiseSession}). Byte arrays in, byte arrays out: no sockets.
 * Depends on {@code crypto} only.
 */
package io.stratumpool.sv2.noise;
