package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: every record gets a clear outcome (indexed, or in the dead-letter queue with its
 * coordinates), and the task keeps running through all of it.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class HostileInputIT extends SharedStackTest {

  HostileInputIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void eachHostileRecordGetsItsOwnOutcomeAndTheRestIsIndexed() throws Exception {
    String topic = TestNames.unique("hostile");
    String dlq = topic + "-dlq";
    connect.kafka().createTopic(topic, 1);
    connect.kafka().createTopic(dlq, 1);
    byte[] noise = new byte[512];
    new Random(13).nextBytes(noise);
    String deep = "{\"a\":".repeat(60) + "1" + "}".repeat(60);
    List<Map.Entry<String, String>> records = new ArrayList<>();
    Set<Integer> bad = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      String value =
          switch (i) {
            case 5 -> new String(noise, StandardCharsets.ISO_8859_1); // random bytes
            case 10 -> "{\"id\": 10, \"status\": \"trunc"; // truncated JSON
            case 15 -> deep; // deeper than Elasticsearch's mapping depth limit
            case 20 ->
                "{\"id\": 20, \"huge\": \"" + "z".repeat(800_000) + "\"}"; // large, but valid
            case 25 -> "{\"id\": 25, \"amount\": {\"currency\": \"EUR\"}}"; // schema changed
            default -> ChangeLog.row(i, "good");
          };
      if (i == 5 || i == 10 || i == 15 || i == 25) {
        bad.add(i);
      }
      records.add(new SimpleEntry<>("k" + i, value));
    }
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, records);

    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    SinkConfigs.withDeadLetterQueue(config, dlq);
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    assertThat(connect.connectorStatus(connector).tasks())
        .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
    Set<String> indexed = elasticsearch.documents(topic + "-v1").keySet();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      if (!bad.contains(i)) {
        expected.add("k" + i);
      }
    }
    assertThat(indexed).isEqualTo(expected);
    Set<Long> deadOffsets = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : connect.kafka().consume(bad.size(), 30_000, dlq)) {
      deadOffsets.add(
          Long.parseLong(
              new String(
                  record.headers().lastHeader("__connect.errors.offset").value(),
                  StandardCharsets.UTF_8)));
    }
    assertThat(deadOffsets).containsExactlyInAnyOrder(5L, 10L, 15L, 25L);
  }
}
