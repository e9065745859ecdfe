package dev.unbundled.search.it;

import static dev.unbundled.search.it.harness.DeadLetters.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.AvroRecords;
import dev.unbundled.search.it.harness.AvroStackTest;
import dev.unbundled.search.it.harness.DebeziumEvents;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SchemaRegistry;
import dev.unbundled.search.it.harness.SinkConfigs;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;

/**
 * A table's Avro schema evolving mid-topic, as it does when columns are added, dropped or widened:
 * the connector keeps running, each document matches its own record's schema, the schema-derived
 * mapping gains the new fields with their derived types, a widened column needs no change (every
 * integer is derived as {@code long}), and a record whose new type the mapping cannot hold goes to
 * the dead-letter queue with the cause and the remedy.
 */
class AvroSchemaEvolutionIT extends AvroStackTest {

  AvroSchemaEvolutionIT(
      Elasticsearch elasticsearch, EmbeddedConnectCluster connect, SchemaRegistry registry) {
    super(elasticsearch, connect, registry);
  }

  @Test
  void newFieldsGetTheirDerivedTypesAndIncompatibleChangesAreThatRecordsFailure() throws Exception {
    String topic = debeziumTopic("items");
    String dlq = topic + "-dlq";
    connect.kafka().createTopic(topic, 1);
    connect.kafka().createTopic(dlq, 1);
    Schema keySchema = idKey(topic);

    DebeziumEvents v1 =
        new DebeziumEvents(
            topic,
            SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("quantity", Schema.INT32_SCHEMA)
                .field("legacy", Schema.OPTIONAL_STRING_SCHEMA));
    // Columns added (a decimal, a timestamp), one dropped, one widened from int to bigint.
    DebeziumEvents v2 =
        new DebeziumEvents(
            topic,
            SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("quantity", Schema.INT64_SCHEMA)
                .field("discount", Decimal.builder(2).optional().build())
                .field(
                    "shipped_at",
                    SchemaBuilder.int64()
                        .optional()
                        .name("io.debezium.time.MicroTimestamp")
                        .version(1)
                        .build()));
    // A change no mapping can follow: a string column becomes a structure.
    Schema fullName =
        SchemaBuilder.struct()
            .optional()
            .name("shop.FullName")
            .field("first", Schema.STRING_SCHEMA)
            .field("last", Schema.STRING_SCHEMA)
            .build();
    DebeziumEvents v3 =
        new DebeziumEvents(
            topic,
            SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("name", fullName)
                .field("quantity", Schema.INT64_SCHEMA));

    List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
    try (AvroRecords avro = new AvroRecords(registry)) {
      records.add(
          avro.record(
              topic,
              keySchema,
              key(keySchema, 1),
              v1.envelope(),
              v1.create(
                  v1.newRow()
                      .put("id", 1)
                      .put("name", "Lamp")
                      .put("quantity", 5)
                      .put("legacy", "old"))));
      records.add(
          avro.record(
              topic,
              keySchema,
              key(keySchema, 2),
              v2.envelope(),
              v2.create(
                  v2.newRow()
                      .put("id", 2)
                      .put("name", "Desk")
                      .put("quantity", 7L)
                      .put("discount", new BigDecimal("1.50"))
                      .put("shipped_at", 1_709_633_730_000_000L))));
      // Widened, and past what an integer field would hold: the derived long takes it.
      records.add(
          avro.record(
              topic,
              keySchema,
              key(keySchema, 3),
              v2.envelope(),
              v2.create(
                  v2.newRow().put("id", 3).put("name", "Crate").put("quantity", 3_000_000_000L))));
      records.add(
          avro.record(
              topic,
              keySchema,
              key(keySchema, 4),
              v3.envelope(),
              v3.create(
                  v3.newRow()
                      .put("id", 4)
                      .put("name", new Struct(fullName).put("first", "Ada").put("last", "L"))
                      .put("quantity", 1L))));
      // An old producer still writing the first schema.
      records.add(
          avro.record(
              topic,
              keySchema,
              key(keySchema, 5),
              v1.envelope(),
              v1.create(v1.newRow().put("id", 5).put("name", "Rug").put("quantity", 9))));
    }
    Map<TopicPartition, Long> ends = Kafka.produceBytes(connect, topic, records);

    Map<String, String> config = SinkConfigs.withDeadLetterQueue(avroSink(topic, 1), dlq);
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, ends, Duration.ofMinutes(2));
    assertThat(connect.connectorStatus(connector).tasks())
        .allSatisfy(
            task -> assertThat(task.state()).isEqualTo(AbstractStatus.State.RUNNING.name()));

    String index = topic + "-v1";
    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(index);
    assertThat(documents).containsOnlyKeys("1", "2", "3", "5");
    assertThat(documents.get("1").source().toString())
        .isEqualTo("{\"id\":1,\"name\":\"Lamp\",\"quantity\":5,\"legacy\":\"old\"}");
    JsonNode widened = documents.get("2").source();
    assertThat(widened.has("legacy")).as("a dropped column is not in newer documents").isFalse();
    assertThat(widened.get("quantity").asLong()).isEqualTo(7);
    assertThat(widened.get("discount").decimalValue()).isEqualByComparingTo("1.50");
    assertThat(widened.get("shipped_at").asText()).isEqualTo("2024-03-05T10:15:30Z");
    assertThat(documents.get("3").source().get("quantity").asLong()).isEqualTo(3_000_000_000L);

    JsonNode properties =
        elasticsearch
            .get("/" + index + "/_mapping")
            .path(index)
            .path("mappings")
            .path("properties");
    // The new fields have their derived types (dynamic mapping would have guessed float and long).
    assertThat(properties.path("discount").path("type").asText()).isEqualTo("double");
    assertThat(properties.path("shipped_at").path("type").asText()).isEqualTo("date");
    // What was mapped stays: Elasticsearch cannot change a field's type in place.
    assertThat(properties.path("quantity").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("legacy").path("type").asText()).isEqualTo("text");
    assertThat(properties.path("name").path("type").asText()).isEqualTo("text");

    ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(1, 30_000, dlq);
    Map<Long, String> causes = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : dead) {
      causes.put(
          Long.parseLong(header(record, "__connect.errors.offset")),
          header(record, "__connect.errors.exception.message"));
    }
    assertThat(causes).containsOnlyKeys(3L);
    assertThat(causes.get(3L))
        .contains("offset 3")
        .contains("field 'name' is mapped as [text]")
        .contains("needs [object]")
        .contains("search-sink reindex " + connector);
  }
}
