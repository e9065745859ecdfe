package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Someone deletes the index while the connector writes to it: the task fails saying so, nothing is
 * written into an index Elasticsearch would have created on its own, and the documented recovery
 * rebuilds the index from offset zero.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class IndexDeletedIT extends SharedStackTest {

  IndexDeletedIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void aDeletedIndexFailsTheTaskInsteadOfBeingAutoCreatedAndCanBeRebuilt() throws Exception {
    String topic = TestNames.unique("deleted");
    String index = topic + "-v1";
    connect.kafka().createTopic(topic, 2);
    List<Kafka.Produced> produced =
        new ArrayList<>(Kafka.produce(connect, topic, ChangeLog.random(300, 1_500, 6, 70)));
    String connector = startConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));
    Map<TopicPartition, Long> beforeDeletion = Kafka.endOffsets(produced);
    Kafka.awaitCommitted(connect, connector, beforeDeletion, Duration.ofMinutes(2));

    elasticsearch.delete("/" + index);
    // Inserts, updates and tombstones: deletes ignore require_alias, so they are the risky ones.
    produced.addAll(Kafka.produce(connect, topic, ChangeLog.random(300, 500, 3, 71)));

    connect
        .assertions()
        .assertConnectorIsRunningAndTasksHaveFailed(connector, 1, "The task did not fail");
    assertThat(connect.connectorStatus(connector).tasks())
        .singleElement()
        .satisfies(
            task ->
                assertThat(task.trace())
                    .contains("Index '" + index + "' was deleted while connector '" + connector)
                    .contains("DELETE /connectors/" + connector + "/offsets"));
    JsonNode indexes = elasticsearch.get("/_cat/indices/" + topic + "*?format=json&h=index");
    assertThat(indexes).as("indexes of the topic").hasSize(1);
    assertThat(indexes.get(0).path("index").asText()).isEqualTo(index);
    assertThat(elasticsearch.count(index)).as("documents in the marker index").isZero();
    JsonNode marker =
        elasticsearch.get("/" + index + "/_mapping").path(index).path("mappings").path("_meta");
    assertThat(marker.path("unbundled_search_lost").path("connector").asText())
        .isEqualTo(connector);
    assertThat(Kafka.committedOffsets(connect, connector))
        .as("nothing committed for records written after the deletion")
        .isEqualTo(beforeDeletion);

    // Restarting alone does not resume writing into a fresh, partial index. Stopped and resumed
    // rather than restarted: right after a restart request Connect may still report the old task's
    // FAILED status, which would pass the check below before the new task ran.
    connect.stopConnector(connector);
    connect.assertions().assertConnectorIsStopped(connector, "Connector did not stop");
    connect.resumeConnector(connector);
    connect
        .assertions()
        .assertConnectorIsRunningAndTasksHaveFailed(connector, 1, "The task did not fail again");
    assertThat(elasticsearch.count(index)).isZero();

    // The recovery the failure message spells out.
    connect.stopConnector(connector);
    connect.assertions().assertConnectorIsStopped(connector, "Connector did not stop");
    connect.resetConnectorOffsets(connector);
    elasticsearch.delete("/" + index);
    connect.resumeConnector(connector);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));
    IndexAssertions.assertIndexHolds(elasticsearch, index, ChangeLog.latestLiveRecords(produced));
  }
}
