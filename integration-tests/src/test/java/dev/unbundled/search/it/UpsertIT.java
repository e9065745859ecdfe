package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Partial documents merged in order: upserts carry no versions, so the connector itself keeps each
 * document's writes in order while several requests are in flight.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class UpsertIT extends SharedStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  UpsertIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void partialUpdatesMergeInOrderAndTombstonesDelete() throws Exception {
    String topic = TestNames.unique("stock");
    connect.kafka().createTopic(topic, 2);
    Random random = new Random(17);
    Map<String, ObjectNode> model = new HashMap<>();
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      String key = "k" + random.nextInt(300);
      if (random.nextInt(25) == 0) {
        records.add(new SimpleEntry<>(key, null));
        model.remove(key);
        continue;
      }
      ObjectNode partial = JSON.createObjectNode();
      partial.put("f" + random.nextInt(5), i);
      records.add(new SimpleEntry<>(key, partial.toString()));
      model.computeIfAbsent(key, k -> JSON.createObjectNode()).setAll(partial);
    }
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, records);

    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 2);
    config.put("write.method", "upsert");
    config.put("batch.size", "50");
    config.put("max.in.flight.requests", "4");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(topic + "-v1");
    assertThat(documents.keySet()).isEqualTo(model.keySet());
    model.forEach(
        (key, expected) -> assertThat(documents.get(key).source()).as(key).isEqualTo(expected));
  }
}
