package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Key-less events become one document each, with ids from their coordinates. */
@Tag(Engine.TAG_OPENSEARCH_2)
class EventTopicIT extends SharedStackTest {

  EventTopicIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void eachEventIsOneDocumentAndAReplayAddsNothing() throws Exception {
    String topic = TestNames.unique("clicks");
    connect.kafka().createTopic(topic, 3);
    List<Map.Entry<String, String>> events = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      events.add(new SimpleEntry<>(null, "{\"page\":\"/p/" + (i % 37) + "\",\"n\":" + i + "}"));
    }
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, events);
    Map<TopicPartition, Long> end = Kafka.endOffsets(produced);

    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 2);
    config.put("key.ignore", "true");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, end, Duration.ofMinutes(2));

    String index = topic + "-v1";
    Set<String> expectedIds =
        produced.stream()
            .map(r -> topic + "+" + r.partition().partition() + "+" + r.offset())
            .collect(Collectors.toSet());
    Map<String, Elasticsearch.Document> before = elasticsearch.documents(index);
    assertThat(before.keySet()).isEqualTo(expectedIds);

    replayFromOffsetZero(connector);
    Kafka.awaitCommitted(connect, connector, end, Duration.ofMinutes(2));

    assertThat(elasticsearch.count(index)).isEqualTo(1_500);
    assertThat(elasticsearch.documents(index)).isEqualTo(before);
  }
}
