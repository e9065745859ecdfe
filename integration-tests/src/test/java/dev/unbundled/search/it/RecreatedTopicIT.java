package dev.unbundled.search.it;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A topic deleted and created again under a running connector starts its offsets from 0 again. With
 * offset versions its new records would be older than the documents already indexed, and
 * Elasticsearch would reject them silently: the task fails instead, naming the topic, the
 * partition, the offsets and the remedies, commits nothing it did not index, and fails again when
 * restarted. With versions from the records the same sequence converges to the new topic's state.
 */
@Tag(Engine.TAG_ELASTICSEARCH_9)
@Tag(Engine.TAG_OPENSEARCH_2)
class RecreatedTopicIT extends SharedStackTest {

  private static final int KEYS = 10;

  RecreatedTopicIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  /** {@code count} rows over {@code KEYS} keys, tagged, with an LSN header from {@code lsn}. */
  private static List<Kafka.Message> rows(int count, String tag, long lsn) {
    List<Kafka.Message> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          Kafka.Message.of("k" + (i % KEYS), "{\"n\":" + i + ",\"tag\":\"" + tag + "\"}")
              .withHeader("lsn", Long.toString(lsn + i)));
    }
    return rows;
  }

  @Test
  void offsetVersionsFailTheTaskAndCommitNothingTheyDidNotIndex() throws Exception {
    String topic = TestNames.unique("recreated");
    String index = topic + "-v1";
    connect.kafka().createTopic(topic, 1);
    List<Kafka.Produced> before = Kafka.produceMessages(connect, topic, rows(50, "old", 1_000));
    String connector = startConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(before), Duration.ofMinutes(1));
    Map<String, Elasticsearch.Document> indexed = elasticsearch.documents(index);

    recreate(topic);
    Kafka.produceMessages(connect, topic, rows(20, "new", 2_000));

    assertThat(awaitTaskFailure(connector))
        .contains("topic '" + topic + "' partition 0 went backwards")
        .contains("the committed offset is 50")
        .contains("now delivers offset 0")
        .contains("index.version=2")
        .contains("document.version=field:<path> or header:<name>")
        .contains("DELETE /connectors/" + connector + "/offsets");
    assertNothingOfTheNewTopicWritten(connector, topic, index, indexed);

    // A new task remembers nothing of the rewind the failed one saw: it fails again all the same.
    // (Stopped first, rather than restarted in place: the status of a restart request is written
    // asynchronously, so right after it the failed task's old status may still be read.)
    connect.stopConnector(connector);
    connect.assertions().assertConnectorIsStopped(connector, "Connector did not stop");
    connect.resumeConnector(connector);
    assertThat(awaitTaskFailure(connector))
        .containsAnyOf(
            "topic '" + topic + "' partition 0 went backwards",
            "Topic '" + topic + "' was deleted and created again")
        .contains("index.version=2");

    // Even with no committed offset left to compare with (Kafka deletes a deleted topic's, and an
    // offset reset too), the index remembers which topic it was built from.
    connect.stopConnector(connector);
    connect.assertions().assertConnectorIsStopped(connector, "Connector did not stop");
    connect.resetConnectorOffsets(connector);
    connect.resumeConnector(connector);
    assertThat(awaitTaskFailure(connector))
        .contains(
            "Topic '"
                + topic
                + "' was deleted and created again since index '"
                + index
                + "' was built from it")
        .contains("index.version=2");
    assertNothingOfTheNewTopicWritten(connector, topic, index, indexed);
  }

  private void assertNothingOfTheNewTopicWritten(
      String connector, String topic, String index, Map<String, Elasticsearch.Document> indexed) {
    assertThat(Kafka.committedOffsets(connect, connector).getOrDefault(partition0(topic), 0L))
        .as("offset committed in the re-created topic, none of whose records was indexed")
        .isZero();
    assertThat(elasticsearch.documents(index)).isEqualTo(indexed);
  }

  @Test
  void anOperatorsOffsetResetIsNoRewind() throws Exception {
    String topic = TestNames.unique("reset");
    connect.kafka().createTopic(topic, 1);
    List<Kafka.Produced> produced =
        new ArrayList<>(Kafka.produceMessages(connect, topic, rows(50, "first", 0)));
    String connector = startConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(1));

    // Replayed from the start: every write is an old one again, and changes nothing.
    replayFromOffsetZero(connector);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(1));

    // Moved back to the middle, then new records on top.
    connect.stopConnector(connector);
    connect.assertions().assertConnectorIsStopped(connector, "Connector did not stop");
    connect.alterSinkConnectorOffset(connector, partition0(topic), 20L);
    connect.resumeConnector(connector);
    produced.addAll(Kafka.produceMessages(connect, topic, rows(10, "second", 0)));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(1));

    assertThat(connect.connectorStatus(connector).tasks())
        .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
    IndexAssertions.assertIndexHolds(
        elasticsearch, topic + "-v1", ChangeLog.latestLiveRecords(produced));
  }

  @Test
  void headerVersionsConvergeToTheRecreatedTopic() throws Exception {
    String topic = TestNames.unique("recreated-lsn");
    String index = topic + "-v1";
    connect.kafka().createTopic(topic, 1);
    List<Kafka.Produced> before = Kafka.produceMessages(connect, topic, rows(50, "old", 1_000));
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("document.version", "header:lsn");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(before), Duration.ofMinutes(1));

    recreate(topic);
    // The source's log position keeps growing whatever happens to the topic.
    List<Kafka.Produced> after = Kafka.produceMessages(connect, topic, rows(20, "new", 2_000));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(after), Duration.ofMinutes(1));

    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(index);
    assertThat(documents).hasSize(KEYS);
    Map<String, Long> expectedVersions = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      expectedVersions.put("k" + (i % KEYS), 2_000L + i);
    }
    documents.forEach(
        (id, document) -> {
          assertThat(document.source().path("tag").asText()).as(id).isEqualTo("new");
          assertThat(document.version()).as(id).isEqualTo(expectedVersions.get(id));
        });
    assertThat(connect.connectorStatus(connector).tasks())
        .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
  }

  private static TopicPartition partition0(String topic) {
    return new TopicPartition(topic, 0);
  }

  /** Deletes the topic, waits until Kafka has forgotten it, and creates it again, empty. */
  private void recreate(String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", connect.kafka().bootstrapServers()))) {
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      TestUtils.waitForCondition(
          () -> !admin.listTopics().names().get().contains(topic),
          30_000,
          "topic " + topic + " was not deleted");
      TestUtils.waitForCondition(
          () -> {
            try {
              admin
                  .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                  .all()
                  .get(30, TimeUnit.SECONDS);
              return true;
            } catch (ExecutionException e) {
              // Still being deleted on the broker: try again.
              if (e.getCause() instanceof TopicExistsException) {
                return false;
              }
              throw e;
            }
          },
          30_000,
          "topic " + topic + " could not be created again");
    }
  }
}
