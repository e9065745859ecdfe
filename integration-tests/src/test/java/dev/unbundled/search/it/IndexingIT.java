package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.Kafka.Produced;
import dev.unbundled.search.it.harness.SearchStackExtension;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.io.IOException;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records in a topic become documents in the connector's versioned index, exactly. */
@ExtendWith(SearchStackExtension.class)
class IndexingIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CATCH_UP = Duration.ofMinutes(2);

  private final Elasticsearch elasticsearch;
  private final EmbeddedConnectCluster connect;
  private final List<String> connectors = new ArrayList<>();

  IndexingIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    this.elasticsearch = elasticsearch;
    this.connect = connect;
  }

  @AfterEach
  void deleteConnectors() {
    connectors.forEach(connect::deleteConnector);
  }

  private String startConnector(String topic, int version, int tasks) throws InterruptedException {
    String name = TestNames.unique("sink");
    connect.configureConnector(name, SinkConfigs.jsonSink(topic, elasticsearch, version, tasks));
    connectors.add(name);
    connect
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(name, tasks, "Connector did not start");
    return name;
  }

  @Test
  void everyRecordOfAKeyedTopicBecomesOneDocument() throws Exception {
    String topic = TestNames.unique("orders");
    connect.kafka().createTopic(topic, 3);
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      records.add(new SimpleEntry<>("order-" + i, orderJson(i, "created")));
    }
    List<Produced> produced = Kafka.produce(connect, topic, records);
    assertThat(Kafka.endOffsets(produced)).hasSize(3);

    String connector = startConnector(topic, 1, 2);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), CATCH_UP);

    String index = topic + "-v1";
    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(index);
    assertThat(elasticsearch.count(index)).isEqualTo(10_000);
    assertThat(documents).hasSize(10_000);
    for (Produced record : produced) {
      Elasticsearch.Document document = documents.get(record.key());
      assertThat(document).as("document %s", record.key()).isNotNull();
      assertThat(document.source()).isEqualTo(JSON.readTree(record.value()));
      assertThat(document.version()).isEqualTo(record.offset());
    }
  }

  @Test
  void updatesAndTombstonesLeaveExactlyTheLatestValueOfEachLiveKey() throws Exception {
    String topic = TestNames.unique("customers");
    connect.kafka().createTopic(topic, 3);
    List<Produced> produced = Kafka.produce(connect, topic, changeLog(500, 5_000, 7));
    Map<String, Produced> expected = latestLiveRecords(produced);
    assertThat(expected.size())
        .as("the change log leaves live and deleted keys")
        .isBetween(50, 450);

    String connector = startConnector(topic, 1, 2);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), CATCH_UP);

    assertIndexHolds(topic + "-v1", expected);
  }

  @Test
  void replayFromOffsetZeroLeavesTheIndexUnchanged() throws Exception {
    String topic = TestNames.unique("products");
    connect.kafka().createTopic(topic, 3);
    List<Produced> produced = Kafka.produce(connect, topic, changeLog(300, 3_000, 11));
    Map<TopicPartition, Long> end = Kafka.endOffsets(produced);
    String connector = startConnector(topic, 1, 1);
    Kafka.awaitCommitted(connect, connector, end, CATCH_UP);
    String index = topic + "-v1";
    Map<String, Elasticsearch.Document> before = elasticsearch.documents(index);
    assertIndexHolds(index, latestLiveRecords(produced));

    connect.stopConnector(connector);
    connect.assertions().assertConnectorIsStopped(connector, "Connector did not stop");
    connect.resetConnectorOffsets(connector);
    assertThat(Kafka.committedOffsets(connect, connector)).isEmpty();
    connect.resumeConnector(connector);
    Kafka.awaitCommitted(connect, connector, end, CATCH_UP);

    // Same documents, sources, versions and sequence numbers: the replayed writes were
    // recognized as old (version conflicts) and changed nothing.
    assertThat(elasticsearch.documents(index)).isEqualTo(before);
  }

  private void assertIndexHolds(String index, Map<String, Produced> expected) throws IOException {
    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(index);
    assertThat(documents.keySet()).isEqualTo(expected.keySet());
    for (Produced record : expected.values()) {
      Elasticsearch.Document document = documents.get(record.key());
      assertThat(document.source())
          .as("source of %s", record.key())
          .isEqualTo(JSON.readTree(record.value()));
      assertThat(document.version()).as("version of %s", record.key()).isEqualTo(record.offset());
    }
  }

  /** A random mix of inserts, updates and tombstones over {@code keys} keys. */
  private static List<Map.Entry<String, String>> changeLog(int keys, int changes, long seed) {
    Random random = new Random(seed);
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      int key = random.nextInt(keys);
      String value = random.nextInt(4) == 0 ? null : orderJson(key, "rev-" + i);
      records.add(new SimpleEntry<>("k" + key, value));
    }
    return records;
  }

  /** The model: the latest record of each key whose latest record is not a tombstone. */
  private static Map<String, Produced> latestLiveRecords(List<Produced> produced) {
    Map<String, Produced> latest = new HashMap<>();
    for (Produced record : produced) {
      latest.put(record.key(), record);
    }
    latest.values().removeIf(record -> record.value() == null);
    return latest;
  }

  private static String orderJson(int id, String status) {
    JsonNode node =
        JSON.createObjectNode()
            .put("id", id)
            .put("status", status)
            .put("amount", id * 1.25)
            .put("paid", id % 2 == 0)
            .set(
                "customer",
                JSON.createObjectNode().put("name", "customer " + id).put("tier", id % 5));
    return node.toString();
  }
}
