package io.stratumpool.pool.cluster;

import io.stratumpool.pool.testing.KafkaBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic (one partition) back as share events, bounded in time. */
final class TopicReader {
    private TopicReader() {
    }

    static List<ShareEvent> readAll(KafkaBroker broker, String topic, int expected, Duration timeout)
            throws IOException {
        var tp = new TopicPartition(topic, 0);
        List<ShareEvent> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (events.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    events.add(ShareEventCodec.decode(r.value()));
                }
            }
            // one more short poll: anything beyond the expected count is a duplicate the test must see
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                events.add(ShareEventCodec.decode(r.value()));
            }
        }
        return events;
    }
}
