/**
 * The Common and Mining protocol messages this pool speaks (spec sections 3.6 and 5.3) as records,
 * each with its type number, channel_msg flag, encoder and strict decoder;
 * {@link io.stratumpool.sv2.message.Sv2Messages} turns frames into messages and back. Depends on
 * {@code codec} only.
 */
package io.stratumpool.sv2.message;
