package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.AvroRecords;
import dev.unbundled.search.it.harness.AvroStackTest;
import dev.unbundled.search.it.harness.DebeziumEvents;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.FaultProxy;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SchemaRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

/**
 * The schema registry unreachable from the sink's worker while it runs: records whose schema the
 * converter has not seen yet cannot be read, which fails the task (Connect's error handling with
 * {@code errors.tolerance=none}) without committing past them; once the registry is back and the
 * task restarted, the index converges and nothing is lost. The shared registry keeps running: the
 * worker reaches it through a proxy that is cut.
 */
class AvroRegistryOutageIT extends AvroStackTest {

  AvroRegistryOutageIT(
      Elasticsearch elasticsearch, EmbeddedConnectCluster connect, SchemaRegistry registry) {
    super(elasticsearch, connect, registry);
  }

  @Test
  void recordsOfANewSchemaWaitForTheRegistryAndNothingIsLost() throws Exception {
    String topic = debeziumTopic("items");
    connect.kafka().createTopic(topic, 1);
    Schema keySchema = idKey(topic);
    DebeziumEvents v1 =
        new DebeziumEvents(
            topic,
            SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("name", Schema.STRING_SCHEMA));
    DebeziumEvents v2 =
        new DebeziumEvents(
            topic,
            SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("name", Schema.STRING_SCHEMA)
                .field("color", Schema.OPTIONAL_STRING_SCHEMA));

    AtomicBoolean down = new AtomicBoolean(false);
    try (FaultProxy proxy = new FaultProxy(URI.create(registry.url()), r -> down.get(), 503);
        AvroRecords avro = new AvroRecords(registry)) {
      String connector = startConnector(avroSink(topic, SchemaRegistry.registryApi(proxy.url())));

      List<Map.Entry<byte[], byte[]>> first = new ArrayList<>();
      for (int id = 1; id <= 10; id++) {
        Struct row = v1.newRow().put("id", id).put("name", "item " + id);
        first.add(avro.record(topic, keySchema, key(keySchema, id), v1.envelope(), v1.create(row)));
      }
      Map<TopicPartition, Long> firstEnds = Kafka.produceBytes(connect, topic, first);
      Kafka.awaitCommitted(connect, connector, firstEnds, Duration.ofMinutes(2));

      down.set(true);
      // The producer registers the new schema directly; only the sink's worker is cut off.
      List<Map.Entry<byte[], byte[]>> second = new ArrayList<>();
      for (int id = 11; id <= 20; id++) {
        Struct row = v2.newRow().put("id", id).put("name", "item " + id).put("color", "teal");
        second.add(
            avro.record(topic, keySchema, key(keySchema, id), v2.envelope(), v2.create(row)));
      }
      Map<TopicPartition, Long> ends = Kafka.produceBytes(connect, topic, second);

      TestUtils.waitForCondition(
          () -> taskState(connector).equals(AbstractStatus.State.FAILED.name()),
          Duration.ofMinutes(2).toMillis(),
          () -> "the task did not fail while the registry was down: " + taskState(connector));
      assertThat(proxy.rejected()).as("the worker asked the registry").isPositive();
      assertThat(Kafka.committedOffsets(connect, connector))
          .as("nothing committed past what was written")
          .isEqualTo(firstEnds);
      assertThat(elasticsearch.count(topic + "-v1")).isEqualTo(10);

      down.set(false);
      connect.restartTask(connector, 0);
      Kafka.awaitCommitted(connect, connector, ends, Duration.ofMinutes(2));
      Map<String, Elasticsearch.Document> documents = elasticsearch.documents(topic + "-v1");
      assertThat(documents).hasSize(20);
      assertThat(documents.get("20").source().get("color").asText()).isEqualTo("teal");
      assertThat(documents.get("1").source().has("color")).isFalse();
    }
  }

  private String taskState(String connector) {
    ConnectorStateInfo status = connect.connectorStatus(connector);
    return status.tasks().isEmpty() ? "no task" : status.tasks().get(0).state();
  }
}
