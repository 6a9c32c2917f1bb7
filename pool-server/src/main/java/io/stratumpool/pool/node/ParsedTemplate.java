package io.stratumpool.pool.node;

import io.stratumpool.validator.BlockTemplate;

/**
 * A checked template plus what the node said about serving it: the BIP22 {@code longpollid}
 * (null when the node does not long-poll) and whether it lists the BIP23 {@code proposal} capability.
 */
public record ParsedTemplate(BlockTemplate template, String longPollId, boolean proposalCapable) {
}
