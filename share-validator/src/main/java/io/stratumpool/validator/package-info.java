/**
 * The consensus core, pure Java with no dependencies and no I/O: hex, SHA-256d, targets and
 * difficulty, coinbase and merkle branch, header and version rolling, the duplicate filter,
 * {@code ShareValidator} returning a {@code Verdict}, and the full block serializer. Everything here
 * is proven byte for byte against real chain data.
 */
package io.stratumpool.validator;
