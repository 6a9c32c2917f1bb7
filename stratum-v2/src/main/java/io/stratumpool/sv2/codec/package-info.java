/**
 * The Stratum V2 binary framing and data types (spec section 3.1 and 3.2): the 6-byte frame
 * header with the channel_msg bit, little-endian integers, bounded byte arrays, strings and
 * sequences, read with a specific {@link io.stratumpool.sv2.codec.Sv2DecodeException} for
 * truncated, oversized or malformed input. Depends on nothing else of the module.
 */
package io.stratumpool.sv2.codec;
