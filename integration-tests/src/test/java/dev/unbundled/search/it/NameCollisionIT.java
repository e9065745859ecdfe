package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: topics whose names fold into one index name ({@code audit} and {@code _audit}) are
 * never written into one index silently, where records of the same key would overwrite each other:
 * refused when the connector is created for both, and failing the task, with both names, when a
 * {@code topics.regex} brings the second; what the first topic wrote stays correct.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class NameCollisionIT extends SharedStackTest {

  NameCollisionIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void aConnectorForTwoTopicsThatFoldIntoOneIndexIsRefusedAtCreation() {
    String topic = TestNames.unique("audit");
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("topics", topic + ",_" + topic);
    config.put("name", TestNames.unique("sink"));

    ConfigInfos validated = connect.validateConnectorConfig("SearchSinkConnector", config);

    List<String> errors =
        validated.configs().stream()
            .map(ConfigInfo::configValue)
            .filter(value -> value.name().equals("topics"))
            .flatMap(value -> value.errors().stream())
            .toList();
    assertThat(errors)
        .singleElement()
        .asString()
        .contains("'" + topic + "' and '_" + topic + "'", "index '" + topic + "-v1'");
    assertThatThrownBy(() -> connect.configureConnector(config.get("name"), config))
        .hasMessageContaining("'" + topic + "' and '_" + topic + "'");
    assertThat(connect.connectors()).doesNotContain(config.get("name"));
  }

  @Test
  void aSecondTopicThatARegexBringsIntoTheIndexFailsTheTaskAndTheFirstStaysCorrect()
      throws Exception {
    String topic = TestNames.unique("audit");
    String folded = "_" + topic;
    String index = topic + "-v1";
    connect.kafka().createTopic(topic, 1);
    connect.kafka().createTopic(folded, 1);
    List<Kafka.Produced> first = Kafka.produce(connect, topic, ChangeLog.random(50, 100, 8, 24));
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.remove("topics");
    config.put("topics.regex", "_?" + topic);
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(first), Duration.ofMinutes(2));

    // The same keys: written into one index, each would overwrite the first topic's document.
    Kafka.produce(connect, folded, ChangeLog.random(50, 100, 8, 25));

    assertThat(awaitTaskFailure(connector))
        .contains("will not write topic '" + folded + "' into index '" + index + "'")
        .contains("'" + topic + "' and '" + folded + "'")
        .contains("index.shared.topics=true");
    IndexAssertions.assertIndexHolds(elasticsearch, index, ChangeLog.latestLiveRecords(first));
    assertThat(
            Kafka.committedOffsets(connect, connector)
                .getOrDefault(new TopicPartition(folded, 0), 0L))
        .as("offset committed for the second topic")
        .isZero();
  }

  @Test
  void aSecondConnectorForATopicThatFoldsIntoAnotherConnectorsIndexSaysTheNamesFold()
      throws Exception {
    String topic = TestNames.unique("orders");
    String folded = "_" + topic;
    connect.kafka().createTopic(topic, 1);
    connect.kafka().createTopic(folded, 1);
    List<Kafka.Produced> first = Kafka.produce(connect, topic, ChangeLog.random(20, 40, 8, 26));
    String owner = startConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));
    Kafka.awaitCommitted(connect, owner, Kafka.endOffsets(first), Duration.ofMinutes(2));

    String second = startConnector(SinkConfigs.jsonSink(folded, elasticsearch, connect, 1, 1));
    Kafka.produce(connect, folded, ChangeLog.random(20, 40, 8, 27));

    assertThat(awaitTaskFailure(second))
        .contains("belongs to connector '" + owner + "'")
        .contains("Topic names '" + topic + "' and '" + folded + "' differ but fold");
    IndexAssertions.assertIndexHolds(
        elasticsearch, topic + "-v1", ChangeLog.latestLiveRecords(first));
  }
}
