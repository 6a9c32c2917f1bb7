package io.stratumpool.pool.block;

import io.stratumpool.validator.Hash256;

/** A solved block ready for {@code submitblock}: its serialized bytes and who found it. */
public record FoundBlock(Hash256 hash, long height, Hash256 prevHash, byte[] block, String user, String worker,
        double shareDifficulty, double networkDifficulty, long reward) {
}
