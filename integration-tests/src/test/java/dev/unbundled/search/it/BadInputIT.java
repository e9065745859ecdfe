package dev.unbundled.search.it;

import static dev.unbundled.search.it.harness.DeadLetters.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.IndexAssertions;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records that cannot be indexed get a clear outcome: the dead-letter queue with the cause when
 * tolerated, a task failure naming topic, partition and offset when not. Good records around them
 * are indexed either way, and nothing is dropped silently.
 */
@Tag(Engine.TAG_ELASTICSEARCH_9)
@Tag(Engine.TAG_OPENSEARCH_2)
class BadInputIT extends SharedStackTest {

  private static final String MALFORMED_JSON = "{\"id\": 1, \"status\": ";
  private static final String TYPE_CONFLICT = "{\"id\": 2, \"amount\": \"not a number\"}";
  private static final String LONG_KEY = "k".repeat(600);

  BadInputIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  /** Good rows with three bad records at offsets 3, 6 and 9 of a single partition. */
  private List<Map.Entry<String, String>> recordsWithBadOnes() {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      switch (i) {
        case 3 -> records.add(new SimpleEntry<>("k3", MALFORMED_JSON));
        case 6 -> records.add(new SimpleEntry<>("k6", TYPE_CONFLICT));
        case 9 -> records.add(new SimpleEntry<>(LONG_KEY, ChangeLog.row(9, "long key")));
        default -> records.add(new SimpleEntry<>("k" + i, ChangeLog.row(i, "good")));
      }
    }
    return records;
  }

  /** The index exists with "amount" mapped as a number, so a string there is a conflict. */
  private void createIndex(String index) {
    elasticsearch.put(
        "/" + index, "{\"mappings\":{\"properties\":{\"amount\":{\"type\":\"double\"}}}}");
  }

  @Test
  void toleratedBadRecordsGoToTheDeadLetterQueueWithTheirCause() throws Exception {
    String topic = TestNames.unique("orders");
    String dlq = topic + "-dlq";
    connect.kafka().createTopic(topic, 1);
    connect.kafka().createTopic(dlq, 1);
    createIndex(topic + "-v1");
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, recordsWithBadOnes());

    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    SinkConfigs.withDeadLetterQueue(config, dlq);
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    Map<String, Kafka.Produced> good = new HashMap<>();
    produced.stream()
        .filter(r -> r.offset() % 3 != 0 || r.offset() == 0)
        .forEach(r -> good.put(r.key(), r));
    assertThat(good).hasSize(9);
    IndexAssertions.assertIndexHolds(elasticsearch, topic + "-v1", good);

    ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(3, 30_000, dlq);
    Map<Long, String> causes = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : dead) {
      assertThat(header(record, "__connect.errors.topic")).isEqualTo(topic);
      causes.put(
          Long.parseLong(header(record, "__connect.errors.offset")),
          header(record, "__connect.errors.exception.message"));
    }
    assertThat(causes).containsOnlyKeys(3L, 6L, 9L);
    assertThat(causes.get(6L))
        .contains("partition 0 offset 6")
        .containsAnyOf("document_parsing_exception", "mapper_parsing_exception");
    assertThat(causes.get(9L)).contains("partition 0 offset 9").contains("512");
    assertThat(dead.count()).isEqualTo(3);
  }

  @Test
  void withoutToleranceTheTaskFailsNamingTheRecordAndCommitsNothingPastIt() throws Exception {
    String topic = TestNames.unique("orders");
    connect.kafka().createTopic(topic, 1);
    createIndex(topic + "-v1");
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(new SimpleEntry<>("k" + i, i == 5 ? TYPE_CONFLICT : ChangeLog.row(i, "good")));
    }
    Kafka.produce(connect, topic, records);

    String connector = createConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));
    connect
        .assertions()
        .assertConnectorIsRunningAndTasksHaveFailed(connector, 1, "The task did not fail");

    ConnectorStateInfo status = connect.connectorStatus(connector);
    assertThat(status.tasks())
        .singleElement()
        .satisfies(
            task -> {
              assertThat(task.trace()).contains("topic '" + topic + "' partition 0 offset 5");
              assertThat(task.trace())
                  .containsAnyOf("document_parsing_exception", "mapper_parsing_exception");
            });
    TestUtils.waitForCondition(
        () -> Kafka.committedOffsets(connect, connector).values().stream().allMatch(o -> o <= 5),
        10_000,
        "committed past the failed record");
    assertThat(elasticsearch.documents(topic + "-v1")).doesNotContainKey("k5");
  }
}
