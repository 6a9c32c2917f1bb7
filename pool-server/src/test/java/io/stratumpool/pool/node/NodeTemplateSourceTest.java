package io.stratumpool.pool.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratumpool.pool.node.FakeNodeServer.Reply;
import io.stratumpool.pool.node.config.NodeConfig;
import io.stratumpool.pool.node.config.RetryConfig;
import io.stratumpool.pool.node.config.TipDetectionConfig;
import io.stratumpool.sim.Waits;
import io.stratumpool.validator.BlockTemplate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The template source against a scripted node: refused templates, broken answers, proposals. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NodeTemplateSourceTest {
    private FakeNodeServer node;
    private NodeTemplateSource source;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void startNode() throws Exception {
        node = new FakeNodeServer();
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        node.close();
    }

    @Test
    void aTemplateWithAWrongWitnessCommitmentNeverBecomesAJob() throws Exception {
        ObjectNode bad = TemplateJson.valid();
        bad.put("default_witness_commitment", "6a24aa21a9ed" + "11".repeat(32));
        node.answer(r -> r.method().equals("getblocktemplate") ? Reply.result(r.id(), bad)
                : Reply.result(r.id(), TemplateJson.PREV_HASH));

        start(config());
        Waits.until("the rejected template counted", Duration.ofSeconds(10), () -> source.stats().templatesRejected() == 1);
        Thread.sleep(500); // five poll cycles: the same tip must not be fetched again and again

        assertEquals(1, node.calls("getblocktemplate"));
        assertEquals(0, source.stats().templatesDelivered());
        assertTrue(node.calls("getbestblockhash") >= 3);
    }

    @Test
    void keepsGoingThroughHttp500GarbageDropsAndRpcErrors() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        node.answer(r -> switch (calls.incrementAndGet()) {
            case 1 -> Reply.json(500, "<html>Internal Server Error</html>");
            case 2 -> Reply.json(200, "{{{{ not json");
            case 3 -> Reply.dropped();
            case 4, 5 -> Reply.error(500, r.id(), -28, "Loading block index...");
            case 6 -> Reply.json(503, "Work queue depth exceeded");
            default -> normal(r);
        });

        start(config());
        RecordingListener.Delivery d = listener.await(RecordingListener.Delivery::newTip, Duration.ofSeconds(10), "after recovery");

        assertEquals(820_000, d.template().height());
        assertEquals(1, source.stats().nodeDownEvents(), "one state change, not one per failure");
        assertTrue(source.stats().retries() >= 3, source.stats().toString());
        assertEquals(Optional.of("fake"), source.activeNode());
    }

    @Test
    void aThrowingListenerDoesNotStopTheSource() throws Exception {
        node.answer(this::normal);
        AtomicInteger seen = new AtomicInteger();
        source = new NodeTemplateSource(config().withRefreshIntervalMillis(100), Clock.systemUTC(), NodeRpcListener.NONE);
        source.start((template, newTip) -> {
            if (seen.incrementAndGet() == 1) {
                throw new IllegalStateException("job factory bug");
            }
        });

        Waits.until("three template fetches", Duration.ofSeconds(10), () -> seen.get() >= 3);
        assertEquals(1, source.stats().listenerFailures());
    }

    @Test
    void proposalsReturnTheNodesReason() throws Exception {
        node.answer(r -> isProposal(r) ? Reply.result(r.id(), "bad-txnmrklroot") : normal(r));
        source = new NodeTemplateSource(config(), Clock.systemUTC(), NodeRpcListener.NONE);

        assertEquals(Optional.of("bad-txnmrklroot"), source.propose(template(), new byte[80]).get());
    }

    @Test
    void aNodeWithoutProposalsIsRememberedAndNotAskedAgain() throws Exception {
        node.answer(r -> isProposal(r) ? Reply.error(500, r.id(), -8, "Invalid mode") : normal(r));
        source = new NodeTemplateSource(config(), Clock.systemUTC(), NodeRpcListener.NONE);

        assertEquals(Optional.empty(), source.propose(template(), new byte[80]).get());
        assertEquals(Optional.empty(), source.propose(template(), new byte[80]).get());
        assertEquals(1, node.requests().stream().filter(NodeTemplateSourceTest::isProposal).count());
    }

    @Test
    void aBlockTheNodeCannotDecodeIsARejection() throws Exception {
        node.answer(r -> isProposal(r) ? Reply.error(500, r.id(), -22, "Block decode failed") : normal(r));
        source = new NodeTemplateSource(config(), Clock.systemUTC(), NodeRpcListener.NONE);

        assertEquals(Optional.of("rpc error -22: Block decode failed"), source.propose(template(), new byte[80]).get());
    }

    @Test
    void proposalsSwitchedOffNeverReachTheNode() throws Exception {
        source = new NodeTemplateSource(config().withProposals(false), Clock.systemUTC(), NodeRpcListener.NONE);

        assertEquals(Optional.empty(), source.propose(template(), new byte[80]).get());
        assertEquals(0, node.requests().size());
    }

    @Test
    void anUnreachableNodeLeavesProposalsUnchecked() throws Exception {
        node.answer(r -> Reply.dropped());
        source = new NodeTemplateSource(config(), Clock.systemUTC(), NodeRpcListener.NONE);

        assertEquals(Optional.empty(), source.propose(template(), new byte[80]).get());
    }

    private Reply normal(FakeNodeServer.Request r) {
        return r.method().equals("getblocktemplate") ? Reply.result(r.id(), TemplateJson.valid())
                : Reply.result(r.id(), TemplateJson.PREV_HASH);
    }

    private static boolean isProposal(FakeNodeServer.Request r) {
        JsonNode first = r.params() == null ? null : r.params().get(0);
        return r.method().equals("getblocktemplate") && first != null && "proposal".equals(first.path("mode").asText());
    }

    private static BlockTemplate template() throws TemplateParseException {
        return TemplateParser.parse(TemplateJson.valid()).template();
    }

    private NodeConfig config() {
        return NodeConfig.of(List.of(node.endpoint("fake"))).withTipDetection(TipDetectionConfig.poll(100))
                .withRetry(new RetryConfig(50L, 200L));
    }

    private void start(NodeConfig config) {
        source = new NodeTemplateSource(config, Clock.systemUTC(), NodeRpcListener.NONE);
        source.start(listener);
    }
}
