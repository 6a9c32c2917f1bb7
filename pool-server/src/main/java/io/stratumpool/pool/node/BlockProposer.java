package io.stratumpool.pool.node;

import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.Hex;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BIP23 block proposals to the serving node: a job's block is checked (all but its proof of work)
 * before miners get it. A node that cannot do proposals is remembered and not asked again; an
 * unreachable node leaves the job unchecked rather than holding it back.
 */
final class BlockProposer {
    private static final Logger log = LoggerFactory.getLogger(BlockProposer.class);

    private final boolean enabled;
    private final Supplier<NodeHandle> activeNode;

    BlockProposer(boolean enabled, Supplier<NodeHandle> activeNode) {
        this.enabled = enabled;
        this.activeNode = activeNode;
    }

    CompletableFuture<Optional<String>> propose(BlockTemplate template, byte[] block) {
        NodeHandle node = activeNode.get();
        if (!enabled || node == null || node.proposalsUnsupported()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return node.client().proposeBlock(Hex.encode(block)).handle((reason, error) -> {
            if (error == null) {
                return reason;
            }
            NodeRpcException e = NodeRpcException.unwrap(error, node.name(), "getblocktemplate");
            if (ProposalSupport.isUnsupported(e)) {
                node.proposalsUnsupported(true);
                log.info("node {} does not support BIP23 block proposals ({}): jobs from it go out unchecked",
                        node, e.rpcMessage());
                return Optional.empty();
            }
            if (e.kind() == NodeRpcException.Kind.RPC) {
                return Optional.of("rpc error " + e.rpcCode() + ": " + e.rpcMessage()); // e.g. it cannot decode the block
            }
            log.warn("block proposal for height {} not checked: {}", template.height(), e.getMessage());
            return Optional.empty();
        });
    }
}
