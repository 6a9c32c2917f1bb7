package io.stratumpool.pool.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code cluster:} config section, used by the {@code stratum} and {@code accounting} roles.
 * {@code bootstrapServers} is Kafka's {@code host:port[,host:port…]}; {@code ackTimeoutMillis} bounds
 * how long a share may wait for the broker before the miner hears error 20; the spool keeps shares
 * on local disk while the broker is away (at most {@code spoolMaxBytes}). {@code consumerInstanceId}
 * is the accounting consumer's static group membership ({@code group.instance.id}): a restarted
 * accounting process takes its partitions back at once instead of waiting for the killed one's
 * session to time out, and a second process with the same id fences the first. Found blocks and
 * their status changes travel on {@code blocksTopic}, keyed by the finder like its shares. Stratum
 * nodes heartbeat their {@code pool.nodeId} on {@code nodesTopic}; a node whose id has a heartbeat
 * from another node younger than {@code nodeLeaseMillis} does not start ({@link NodeLease}). With
 * several accounting processes in one group (each its own {@code consumerInstanceId}), a killed one's
 * partitions move to the others after {@code consumerSessionTimeoutMillis} (Kafka's
 * {@code session.timeout.ms}; a restart within it takes them back without a rebalance).
 */
public record ClusterConfig(
        String bootstrapServers,
        String sharesTopic,
        String consumerGroup,
        Integer ackTimeoutMillis,
        String spoolDir,
        Long spoolMaxBytes,
        String consumerInstanceId,
        String blocksTopic,
        String nodesTopic,
        Integer nodeLeaseMillis,
        Integer consumerSessionTimeoutMillis) {

    private static final Pattern SERVERS = Pattern.compile("[^,:\\s]+:\\d{1,5}(,[^,:\\s]+:\\d{1,5})*");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** Keys left out of the file take these defaults. */
    public ClusterConfig {
        sharesTopic = sharesTopic == null ? "stratumpool.shares" : sharesTopic;
        consumerGroup = consumerGroup == null ? "stratumpool-accounting" : consumerGroup;
        ackTimeoutMillis = ackTimeoutMillis == null ? 10_000 : ackTimeoutMillis;
        spoolMaxBytes = spoolMaxBytes == null ? 256L * 1024 * 1024 : spoolMaxBytes;
        consumerInstanceId = consumerInstanceId == null ? consumerGroup + "-1" : consumerInstanceId;
        blocksTopic = blocksTopic == null ? "stratumpool.blocks" : blocksTopic;
        nodesTopic = nodesTopic == null ? "stratumpool.nodes" : nodesTopic;
        nodeLeaseMillis = nodeLeaseMillis == null ? 10_000 : nodeLeaseMillis;
        consumerSessionTimeoutMillis = consumerSessionTimeoutMillis == null ? 45_000 : consumerSessionTimeoutMillis;
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    public static ClusterConfig of(String bootstrapServers) {
        return new ClusterConfig(bootstrapServers, null, null, null, null, null, null, null, null, null, null);
    }

    /** This section with the spool under the pool's data directory when the file left it out. */
    public ClusterConfig withDefaultSpoolDir(String dataDir) {
        return spoolDir != null ? this : withSpool(java.nio.file.Path.of(dataDir, "spool").toString(), spoolMaxBytes);
    }

    public ClusterConfig withAckTimeoutMillis(int millis) {
        return new ClusterConfig(bootstrapServers, sharesTopic, consumerGroup, millis, spoolDir, spoolMaxBytes, consumerInstanceId,
                blocksTopic, nodesTopic, nodeLeaseMillis, consumerSessionTimeoutMillis);
    }

    public ClusterConfig withSpool(String dir, long maxBytes) {
        return new ClusterConfig(bootstrapServers, sharesTopic, consumerGroup, ackTimeoutMillis, dir, maxBytes, consumerInstanceId,
                blocksTopic, nodesTopic, nodeLeaseMillis, consumerSessionTimeoutMillis);
    }

    public ClusterConfig withNodeLeaseMillis(int millis) {
        return new ClusterConfig(bootstrapServers, sharesTopic, consumerGroup, ackTimeoutMillis, spoolDir, spoolMaxBytes,
                consumerInstanceId, blocksTopic, nodesTopic, millis, consumerSessionTimeoutMillis);
    }

    public ClusterConfig withConsumerGroup(String group) {
        return new ClusterConfig(bootstrapServers, sharesTopic, group, ackTimeoutMillis, spoolDir, spoolMaxBytes,
                null, blocksTopic, nodesTopic, nodeLeaseMillis, consumerSessionTimeoutMillis);
    }

    /** Every problem with this section, each as {@code cluster.key: value (expected …)}. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || !SERVERS.matcher(bootstrapServers).matches()) {
            problems.add("cluster.bootstrapServers: " + bootstrapServers + " (expected host:port[,host:port…])");
        }
        if (!TOPIC.matcher(sharesTopic).matches()) {
            problems.add("cluster.sharesTopic: " + sharesTopic + " (expected 1..249 of a-z A-Z 0-9 . _ -)");
        }
        if (!TOPIC.matcher(blocksTopic).matches()) {
            problems.add("cluster.blocksTopic: " + blocksTopic + " (expected 1..249 of a-z A-Z 0-9 . _ -)");
        } else if (blocksTopic.equals(sharesTopic)) {
            problems.add("cluster.blocksTopic: " + blocksTopic + " (expected a topic other than cluster.sharesTopic)");
        }
        if (consumerGroup.isBlank()) {
            problems.add("cluster.consumerGroup: blank (expected a Kafka consumer group id)");
        }
        if (consumerInstanceId.isBlank()) {
            problems.add("cluster.consumerInstanceId: blank (expected the accounting process's group.instance.id)");
        }
        if (!TOPIC.matcher(nodesTopic).matches()) {
            problems.add("cluster.nodesTopic: " + nodesTopic + " (expected 1..249 of a-z A-Z 0-9 . _ -)");
        }
        if (nodeLeaseMillis < 2_000 || nodeLeaseMillis > 600_000) {
            problems.add("cluster.nodeLeaseMillis: " + nodeLeaseMillis + " (expected 2000..600000)");
        }
        if (consumerSessionTimeoutMillis < 6_000 || consumerSessionTimeoutMillis > 300_000) {
            problems.add("cluster.consumerSessionTimeoutMillis: " + consumerSessionTimeoutMillis + " (expected 6000..300000)");
        }
        if (ackTimeoutMillis < 1_000 || ackTimeoutMillis > 600_000) {
            problems.add("cluster.ackTimeoutMillis: " + ackTimeoutMillis + " (expected 1000..600000)");
        }
        if (spoolMaxBytes < 1024 * 1024 || spoolMaxBytes > 1L << 40) {
            problems.add("cluster.spoolMaxBytes: " + spoolMaxBytes + " (expected 1 MiB..1 TiB)");
        }
        return problems;
    }
}
