package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.Kafka.Produced;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Records in a topic become documents in the connector's versioned index, exactly. */
@Tag(Engine.TAG_ELASTICSEARCH_9)
@Tag(Engine.TAG_OPENSEARCH_2)
@Tag(Engine.TAG_OPENSEARCH_3)
class IndexingIT extends SharedStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CATCH_UP = Duration.ofMinutes(2);

  IndexingIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  private String startConnector(String topic, int version, int tasks) throws InterruptedException {
    return startConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, version, tasks));
  }

  @Test
  void everyRecordOfAKeyedTopicBecomesOneDocument() throws Exception {
    String topic = TestNames.unique("orders");
    connect.kafka().createTopic(topic, 3);
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      records.add(new SimpleEntry<>("order-" + i, ChangeLog.row(i, "created")));
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
    List<Produced> produced = Kafka.produce(connect, topic, ChangeLog.random(500, 5_000, 4, 7));
    Map<String, Produced> expected = ChangeLog.latestLiveRecords(produced);
    assertThat(expected.size())
        .as("the change log leaves live and deleted keys")
        .isBetween(50, 450);

    String connector = startConnector(topic, 1, 2);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), CATCH_UP);

    IndexAssertions.assertIndexHolds(elasticsearch, topic + "-v1", expected);
  }

  @Test
  void replayFromOffsetZeroLeavesTheIndexUnchanged() throws Exception {
    String topic = TestNames.unique("products");
    connect.kafka().createTopic(topic, 3);
    List<Produced> produced = Kafka.produce(connect, topic, ChangeLog.random(300, 3_000, 4, 11));
    Map<TopicPartition, Long> end = Kafka.endOffsets(produced);
    String connector = startConnector(topic, 1, 1);
    Kafka.awaitCommitted(connect, connector, end, CATCH_UP);
    String index = topic + "-v1";
    Map<String, Elasticsearch.Document> before = elasticsearch.documents(index);
    IndexAssertions.assertIndexHolds(elasticsearch, index, ChangeLog.latestLiveRecords(produced));

    replayFromOffsetZero(connector);
    Kafka.awaitCommitted(connect, connector, end, CATCH_UP);

    // Same documents, sources, versions and sequence numbers: the replayed writes were
    // recognized as old (version conflicts) and changed nothing.
    assertThat(elasticsearch.documents(index)).isEqualTo(before);
  }
}
