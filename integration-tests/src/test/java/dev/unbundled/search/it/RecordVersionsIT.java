package dev.unbundled.search.it;

import static dev.unbundled.search.it.harness.DeadLetters.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Debezium-style topic versioned by the source's log position (LSN), copied by {@code CdcUnwrap}
 * into a field or a header: inserts, updates, a delete, a re-created key and a primary-key change,
 * with the same changes replayed in reverse from a second partition at the same time. The index
 * ends with the newest state of every row, whatever order the writes arrive in. A record without a
 * usable version is that record's failure, never a write without one.
 */
@Tag(Engine.TAG_ELASTICSEARCH_9)
@Tag(Engine.TAG_OPENSEARCH_2)
class RecordVersionsIT extends SharedStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  RecordVersionsIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  /** A change event as Debezium writes it with the JsonConverter without schemas. */
  private static Kafka.Message change(String op, int id, String name, long lsn) {
    ObjectNode event = JSON.createObjectNode().put("op", op).put("ts_ms", 1_700_000_000_000L + lsn);
    ObjectNode row = JSON.createObjectNode().put("id", id).put("name", name);
    if (op.equals("d")) {
      event.set("before", row);
      event.putNull("after");
    } else {
      event.putNull("before");
      event.set("after", row);
    }
    event.putObject("source").put("connector", "postgresql").put("table", "items").put("lsn", lsn);
    return Kafka.Message.of("{\"id\":" + id + "}", event.toString());
  }

  /** The changes in the order the database made them. */
  private static List<Kafka.Message> changes() {
    return List.of(
        change("c", 1, "anvil", 100),
        change("c", 2, "bolt", 110),
        change("u", 1, "anvil, heavy", 120),
        change("d", 2, "bolt", 130),
        // The same key again, after its delete.
        change("c", 2, "bolt, again", 140),
        change("c", 3, "clamp", 150),
        // A primary-key change: Debezium writes a delete of the old key and a create of the new one
        // from the same log record.
        change("d", 3, "clamp", 170),
        change("c", 4, "clamp", 170));
  }

  @ParameterizedTest(name = "document.version={0}")
  @ValueSource(strings = {"field:__source_lsn", "header:__source_lsn"})
  void theIndexEndsWithTheNewestStateWhateverTheOrder(String version) throws Exception {
    String topic = TestNames.unique("shop.public.items");
    connect.kafka().createTopic(topic, 2);
    List<Kafka.Message> messages = new ArrayList<>();
    changes().forEach(change -> messages.add(change.toPartition(0)));
    // The same changes again, newest first, from the other partition: a replay out of order.
    for (int i = changes().size() - 1; i >= 0; i--) {
      messages.add(changes().get(i).toPartition(1));
    }
    List<Kafka.Produced> produced = Kafka.produceMessages(connect, topic, messages);

    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 2);
    config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("key.converter.schemas.enable", "false");
    config.put("transforms", "unwrap");
    config.put("transforms.unwrap.type", "dev.unbundled.search.transforms.CdcUnwrap");
    config.put("transforms.unwrap.metadata.fields", "source.lsn");
    config.put(
        "transforms.unwrap.metadata.target", version.startsWith("header:") ? "header" : "field");
    config.put("document.version", version);
    // One record per request: the two partitions' writes interleave as much as they can.
    config.put("batch.size", "1");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(1));

    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(topic + "-v1");
    assertThat(documents).containsOnlyKeys("1", "2", "4");
    assertRow(documents.get("1"), "anvil, heavy", 120, version);
    assertRow(documents.get("2"), "bolt, again", 140, version);
    assertRow(documents.get("4"), "clamp", 170, version);

    StatusTool.Result verify = new StatusTool(connect).run("verify", connector);
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("MATCH");
  }

  private static void assertRow(
      Elasticsearch.Document document, String name, long lsn, String version) {
    assertThat(document.source().path("name").asText()).isEqualTo(name);
    assertThat(document.version()).as("version of %s", document.id()).isEqualTo(lsn);
    if (version.startsWith("field:")) {
      assertThat(document.source().path("__source_lsn").asLong()).isEqualTo(lsn);
    } else {
      assertThat(document.source().has("__source_lsn")).isFalse();
    }
  }

  @Test
  void aRecordWithoutAUsableVersionGoesToTheDeadLetterQueueWithItsCause() throws Exception {
    String topic = TestNames.unique("versioned");
    String dlq = topic + "-dlq";
    connect.kafka().createTopic(topic, 1);
    connect.kafka().createTopic(dlq, 1);
    List<Kafka.Produced> produced =
        Kafka.produceMessages(
            connect,
            topic,
            List.of(
                Kafka.Message.of("a", "{\"n\":1}").withHeader("v", "5"),
                Kafka.Message.of("b", "{\"n\":2}"),
                Kafka.Message.of("c", "{\"n\":3}").withHeader("v", "-1"),
                Kafka.Message.of("d", "{\"n\":4}").withHeader("v", "4.5"),
                Kafka.Message.of("a", null).withHeader("v", "9"),
                Kafka.Message.of("e", "{\"n\":5}").withHeader("v", "7")));
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("document.version", "header:v");
    SinkConfigs.withDeadLetterQueue(config, dlq);
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(1));

    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(topic + "-v1");
    assertThat(documents).containsOnlyKeys("e");
    assertThat(documents.get("e").version()).isEqualTo(7);
    Map<Long, String> causes = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : connect.kafka().consume(3, 30_000, dlq)) {
      causes.put(
          Long.parseLong(header(record, "__connect.errors.offset")),
          header(record, "__connect.errors.exception.message"));
    }
    assertThat(causes).containsOnlyKeys(1L, 2L, 3L);
    assertThat(causes.get(1L)).contains("partition 0 offset 1").contains("no header 'v'");
    assertThat(causes.get(2L)).contains("header 'v'").contains("negative");
    assertThat(causes.get(3L)).contains("header 'v'").contains("non-negative integer");
  }
}
