package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A delete is never undone by an older write that arrives late (issue 24): the engine remembers a
 * deleted document's version only for {@code index.gc_deletes}, 60 seconds by default, so the
 * connector sets it from {@code index.deletes.retention.ms} (1 hour by default). Next to it, a
 * connector set to the engines' 60 seconds shows what the wait proves: there the document comes
 * back. The wait past those 60 seconds is this test's cost.
 */
@Tag("slow")
class LateWritesIT extends SharedStackTest {

  /** Longer than the engines' default {@code index.gc_deletes} of 60 seconds. */
  private static final Duration LATE = Duration.ofSeconds(70);

  LateWritesIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  /**
   * A connector versioned by the record field {@code ver} (deletes: by the header of that name).
   */
  private String versionedSink(String topic, Map<String, String> more) throws Exception {
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("document.version", "field:ver");
    config.putAll(more);
    return startConnector(config);
  }

  private static Map<TopicPartition, Long> upTo(String topic, long end) {
    return Map.of(new TopicPartition(topic, 0), end);
  }

  private String gcDeletes(String index) {
    return elasticsearch
        .get("/" + index + "/_settings?flat_settings=true")
        .path(index)
        .path("settings")
        .path("index.gc_deletes")
        .asText();
  }

  @Test
  void anOlderWriteArrivingLongAfterTheDeleteLeavesTheDocumentDeleted() throws Exception {
    String protectedTopic = TestNames.unique("items");
    String controlTopic = TestNames.unique("items-control");
    List<Kafka.Message> createdAndDeleted =
        List.of(
            Kafka.Message.of("k", "{\"ver\":10,\"name\":\"created\"}"),
            Kafka.Message.of("k", null).withHeader("ver", "20"));
    for (String topic : List.of(protectedTopic, controlTopic)) {
      connect.kafka().createTopic(topic, 1);
      Kafka.produceMessages(connect, topic, createdAndDeleted);
    }
    String protectedSink = versionedSink(protectedTopic, Map.of());
    String controlSink = versionedSink(controlTopic, Map.of("index.deletes.retention.ms", "60000"));
    Kafka.awaitCommitted(connect, protectedSink, upTo(protectedTopic, 2), Duration.ofMinutes(1));
    Kafka.awaitCommitted(connect, controlSink, upTo(controlTopic, 2), Duration.ofMinutes(1));
    String protectedIndex = protectedTopic + "-v1";
    String controlIndex = controlTopic + "-v1";
    assertThat(elasticsearch.documents(protectedIndex)).isEmpty();
    assertThat(elasticsearch.documents(controlIndex)).isEmpty();
    assertThat(gcDeletes(protectedIndex)).isEqualTo("3600000ms");
    assertThat(gcDeletes(controlIndex)).isEqualTo("60000ms");

    Thread.sleep(LATE.toMillis());
    // The engine forgets expired deletes when a shard refreshes (not on a search-idle shard's
    // skipped scheduled refresh): refresh, as any reader's refresh would.
    elasticsearch.refresh(protectedIndex);
    elasticsearch.refresh(controlIndex);
    // A write older than the delete (a replay, a re-snapshot, a second topic) arrives late.
    Kafka.Message late = Kafka.Message.of("k", "{\"ver\":15,\"name\":\"late\"}");
    Kafka.produceMessages(connect, protectedTopic, List.of(late));
    Kafka.produceMessages(connect, controlTopic, List.of(late));
    Kafka.awaitCommitted(connect, protectedSink, upTo(protectedTopic, 3), Duration.ofMinutes(1));
    Kafka.awaitCommitted(connect, controlSink, upTo(controlTopic, 3), Duration.ofMinutes(1));

    assertThat(elasticsearch.documents(protectedIndex))
        .as("the delete at version 20 still holds against the write at 15")
        .isEmpty();
    assertThat(elasticsearch.documents(controlIndex))
        .as("with the engines' 60 s the delete was forgotten and the older write came back")
        .containsOnlyKeys("k");
  }
}
