package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.AvroRecords;
import dev.unbundled.search.it.harness.AvroStackTest;
import dev.unbundled.search.it.harness.DebeziumEvents;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SchemaRegistry;
import dev.unbundled.search.it.harness.StatusTool;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

/**
 * The reindex story on an Avro topic: v1 built with dynamic mapping ({@code schema.ignore=true}),
 * v2 rebuilt from offset zero with the mapping derived from the Avro schemas, including a column
 * added while v2 runs; v2 catches up and takes the alias, and verify reads the Avro topic.
 */
class AvroRebuildIT extends AvroStackTest {

  AvroRebuildIT(
      Elasticsearch elasticsearch, EmbeddedConnectCluster connect, SchemaRegistry registry) {
    super(elasticsearch, connect, registry);
  }

  private static SchemaBuilder columns() {
    return SchemaBuilder.struct()
        .field("id", Schema.INT32_SCHEMA)
        .field("name", Schema.STRING_SCHEMA)
        .field("price", Decimal.builder(2).parameter("connect.decimal.precision", "8").build())
        .field("quantity", Schema.INT16_SCHEMA)
        .field(
            "status",
            SchemaBuilder.string()
                .name("io.debezium.data.Enum")
                .version(1)
                .parameter("allowed", "new,paid")
                .build())
        .field(
            "created_at",
            SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1).build());
  }

  private static Struct row(DebeziumEvents table, int id) {
    return table
        .newRow()
        .put("id", id)
        .put("name", "item " + id)
        .put("price", BigDecimal.valueOf(100 + id, 2))
        .put("quantity", (short) (id % 100))
        .put("status", id % 2 == 0 ? "paid" : "new")
        .put("created_at", 1_709_633_730_000_000L + id);
  }

  @Test
  void v2RebuildsWithTheSchemaDerivedMappingAndTakesTheAlias() throws Exception {
    String topic = debeziumTopic("items");
    connect.kafka().createTopic(topic, 2);
    Schema keySchema = idKey(topic);
    DebeziumEvents items = new DebeziumEvents(topic, columns());
    List<Map.Entry<byte[], byte[]>> snapshot = new ArrayList<>();
    try (AvroRecords avro = new AvroRecords(registry)) {
      for (int id = 1; id <= 300; id++) {
        snapshot.add(
            avro.record(
                topic,
                keySchema,
                key(keySchema, id),
                items.envelope(),
                items.read(row(items, id))));
      }
    }
    Map<TopicPartition, Long> ends = Kafka.produceBytes(connect, topic, snapshot);

    Map<String, String> v1Config = avroSink(topic, 1);
    v1Config.put("schema.ignore", "true");
    String v1 = startConnector(v1Config);
    Kafka.awaitCommitted(connect, v1, ends, Duration.ofMinutes(2));
    awaitAlias(topic, topic + "-v1");

    String v2 = startConnector(avroSink(topic, 2));
    // A column added while v2 rebuilds.
    DebeziumEvents withDiscount =
        new DebeziumEvents(
            topic, columns().field("discount", Decimal.builder(2).optional().build()));
    List<Map.Entry<byte[], byte[]>> more = new ArrayList<>();
    try (AvroRecords avro = new AvroRecords(registry)) {
      for (int id = 1; id <= 20; id++) {
        Struct after = row(withDiscount, id).put("discount", new BigDecimal("0.25"));
        more.add(
            avro.record(
                topic,
                keySchema,
                key(keySchema, id),
                withDiscount.envelope(),
                withDiscount.update(row(withDiscount, id), after)));
      }
    }
    Kafka.produceBytes(connect, topic, more)
        .forEach((partition, end) -> ends.merge(partition, end, Math::max));
    Kafka.awaitCommitted(connect, v2, ends, Duration.ofMinutes(2));
    awaitAlias(topic, topic + "-v2");
    Kafka.awaitCommitted(connect, v1, ends, Duration.ofMinutes(2));

    JsonNode dynamic = elasticsearch.mappingProperties(topic + "-v1");
    JsonNode derived = elasticsearch.mappingProperties(topic + "-v2");
    // Dynamic mapping guesses from the first document; the schema says what each field is.
    assertThat(dynamic.path("price").path("type").asText()).isEqualTo("float");
    assertThat(derived.path("price").path("type").asText()).isEqualTo("double");
    assertThat(dynamic.path("discount").path("type").asText()).isEqualTo("float");
    assertThat(derived.path("discount").path("type").asText()).isEqualTo("double");
    assertThat(dynamic.path("quantity").path("type").asText()).isEqualTo("long");
    // An int16 field is mapped as long, as every integer is, so a widened column stays valid.
    assertThat(derived.path("quantity").path("type").asText()).isEqualTo("long");
    assertThat(dynamic.path("status").path("type").asText()).isEqualTo("text");
    assertThat(derived.path("status").path("type").asText()).isEqualTo("keyword");
    assertThat(derived.path("created_at").path("type").asText()).isEqualTo("date");
    assertThat(derived.path("name").path("fields").path("keyword").path("type").asText())
        .isEqualTo("keyword");

    assertThat(elasticsearch.count(topic)).as("documents behind the alias").isEqualTo(300);
    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(topic + "-v2");
    assertThat(documents.get("7").source().get("discount").decimalValue())
        .isEqualByComparingTo("0.25");
    assertThat(documents.get("77").source().has("discount")).isFalse();

    StatusTool.Result verify = verify(v2);
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("expected 300 documents, found 300").endsWith("MATCH\n");
  }

  private void awaitAlias(String alias, String index) throws InterruptedException {
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(alias).equals(List.of(index)),
        Duration.ofMinutes(2).toMillis(),
        () -> "alias " + alias + " is on " + elasticsearch.aliasHolders(alias) + ", not " + index);
  }
}
