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
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;

/**
 * Debezium change events in Avro through a real schema registry: written as a Debezium worker with
 * the Avro converter writes them (registered schemas, Confluent wire format), read by the sink's
 * worker with the converter from its plugin directory, unwrapped by CdcUnwrap. Every Connect type
 * Debezium produces lands as users expect, the derived mapping types each field, and the status
 * tool's verify reads the Avro topic too.
 */
class AvroDebeziumIT extends AvroStackTest {

  AvroDebeziumIT(
      Elasticsearch elasticsearch, EmbeddedConnectCluster connect, SchemaRegistry registry) {
    super(elasticsearch, connect, registry);
  }

  /** A table with a column of every kind Debezium's Postgres connector writes. */
  private static SchemaBuilder itemColumns() {
    Schema status =
        SchemaBuilder.string()
            .name("io.debezium.data.Enum")
            .version(1)
            .parameter("allowed", "new,paid,shipped")
            .build();
    // An Avro enum as other producers write them, in the Avro converter's Connect form.
    Schema channel =
        SchemaBuilder.string()
            .optional()
            .name("shop.Channel")
            .parameter("io.confluent.connect.avro.Enum", "shop.Channel")
            .parameter("io.confluent.connect.avro.Enum.WEB", "WEB")
            .parameter("io.confluent.connect.avro.Enum.STORE", "STORE")
            .build();
    Schema dimensions =
        SchemaBuilder.struct()
            .optional()
            .name("shop.Dimensions")
            .field("width", Schema.FLOAT64_SCHEMA)
            .field("height", Schema.FLOAT64_SCHEMA)
            .build();
    Schema variableScale =
        SchemaBuilder.struct()
            .optional()
            .name("io.debezium.data.VariableScaleDecimal")
            .version(1)
            .field("scale", Schema.INT32_SCHEMA)
            .field("value", Schema.BYTES_SCHEMA)
            .build();
    return SchemaBuilder.struct()
        .field("id", Schema.INT32_SCHEMA)
        .field("name", Schema.OPTIONAL_STRING_SCHEMA)
        .field(
            "price",
            Decimal.builder(2).parameter("connect.decimal.precision", "10").version(1).build())
        .field("ratio", variableScale)
        .field("weight", Schema.OPTIONAL_FLOAT64_SCHEMA)
        .field("rating", Schema.OPTIONAL_FLOAT32_SCHEMA)
        .field("quantity", Schema.INT16_SCHEMA)
        .field("views", Schema.INT64_SCHEMA)
        .field("in_stock", Schema.BOOLEAN_SCHEMA)
        .field(
            "created_at",
            SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1).build())
        .field(
            "ship_date",
            SchemaBuilder.int32().optional().name("io.debezium.time.Date").version(1).build())
        .field(
            "updated_at",
            SchemaBuilder.string()
                .optional()
                .name("io.debezium.time.ZonedTimestamp")
                .version(1)
                .build())
        .field(
            "opens_at",
            SchemaBuilder.int64().optional().name("io.debezium.time.MicroTime").version(1).build())
        .field("status", status)
        .field("channel", channel)
        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
        .field("dimensions", dimensions)
        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
        .field("thumbnail", Schema.OPTIONAL_BYTES_SCHEMA)
        .field(
            "uid",
            SchemaBuilder.string().optional().name("io.debezium.data.Uuid").version(1).build())
        .field(
            "attributes",
            SchemaBuilder.string().optional().name("io.debezium.data.Json").version(1).build());
  }

  private static Struct fullRow(DebeziumEvents table, int id, String price) {
    Schema ratioSchema = table.row().field("ratio").schema();
    return table
        .newRow()
        .put("id", id)
        .put("name", "Widget")
        .put("price", new BigDecimal(price))
        .put(
            "ratio",
            new Struct(ratioSchema)
                .put("scale", 3)
                .put("value", BigInteger.valueOf(12_345).toByteArray()))
        .put("weight", 1.5)
        .put("rating", 4.5f)
        .put("quantity", (short) 3)
        .put("views", 9_000_000_000L)
        .put("in_stock", true)
        .put("created_at", 1_709_633_730_250_001L)
        .put("ship_date", 19_787)
        .put("updated_at", "2024-03-05T10:15:30+01:00")
        .put("opens_at", 34_200_000_001L)
        .put("status", "paid")
        .put("channel", "WEB")
        .put("tags", List.of("oak", "lamp"))
        .put(
            "dimensions",
            new Struct(table.row().field("dimensions").schema())
                .put("width", 20.5)
                .put("height", 40.0))
        .put("thumbnail", ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .put("uid", "3f2b8a6e-8f4b-4c1e-9d55-0c6a1e2b7f10")
        .put("attributes", "{\"color\":\"red\",\"sizes\":[1,2]}");
  }

  /** Only what the table requires; every optional column null. */
  private static Struct sparseRow(DebeziumEvents table, int id) {
    return table
        .newRow()
        .put("id", id)
        .put("price", new BigDecimal("-0.01"))
        .put("quantity", (short) 0)
        .put("views", 0L)
        .put("in_stock", false)
        .put("created_at", 0L)
        .put("status", "new");
  }

  @Test
  void debeziumAvroRowsLandWithTheirTypesAndVerifyReadsTheTopic() throws Exception {
    String topic = debeziumTopic("items");
    connect.kafka().createTopic(topic, 2);
    DebeziumEvents items = new DebeziumEvents(topic, itemColumns());
    Schema keySchema = idKey(topic);
    Struct widget = fullRow(items, 42, "123.45");
    Struct gone = sparseRow(items, 8);

    List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
    try (AvroRecords avro = new AvroRecords(registry)) {
      records.add(
          avro.record(topic, keySchema, key(keySchema, 42), items.envelope(), items.read(widget)));
      records.add(
          avro.record(
              topic,
              keySchema,
              key(keySchema, 7),
              items.envelope(),
              items.read(sparseRow(items, 7))));
      records.add(
          avro.record(topic, keySchema, key(keySchema, 8), items.envelope(), items.create(gone)));
      Struct repriced = fullRow(items, 42, "99.99");
      records.add(
          avro.record(
              topic,
              keySchema,
              key(keySchema, 42),
              items.envelope(),
              items.update(widget, repriced)));
      // A delete is an event with only "before", then a tombstone with the same key.
      records.add(
          avro.record(topic, keySchema, key(keySchema, 8), items.envelope(), items.delete(gone)));
      records.add(avro.record(topic, keySchema, key(keySchema, 8), null, null));
    }
    Map<org.apache.kafka.common.TopicPartition, Long> ends =
        Kafka.produceBytes(connect, topic, records);

    String connector = startConnector(avroSink(topic, 1));
    Kafka.awaitCommitted(connect, connector, ends, Duration.ofMinutes(2));

    String index = topic + "-v1";
    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(index);
    assertThat(documents).containsOnlyKeys("42", "7");

    JsonNode row = documents.get("42").source();
    assertThat(row.get("id").asInt()).isEqualTo(42);
    assertThat(row.get("name").asText()).isEqualTo("Widget");
    assertThat(row.get("price").isNumber()).as("a decimal is a number, not base64").isTrue();
    assertThat(row.get("price").decimalValue()).isEqualByComparingTo("99.99");
    assertThat(row.get("ratio").decimalValue()).isEqualByComparingTo("12.345");
    assertThat(row.get("weight").asDouble()).isEqualTo(1.5);
    assertThat(row.get("rating").asDouble()).isEqualTo(4.5);
    assertThat(row.get("quantity").asInt()).isEqualTo(3);
    assertThat(row.get("views").asLong()).isEqualTo(9_000_000_000L);
    assertThat(row.get("in_stock").asBoolean()).isTrue();
    assertThat(row.get("created_at").asText()).isEqualTo("2024-03-05T10:15:30.250001Z");
    assertThat(row.get("ship_date").asText()).isEqualTo("2024-03-05");
    assertThat(row.get("updated_at").asText()).isEqualTo("2024-03-05T10:15:30+01:00");
    assertThat(row.get("opens_at").asText()).isEqualTo("09:30:00.000001");
    assertThat(row.get("status").asText()).isEqualTo("paid");
    assertThat(row.get("channel").asText()).isEqualTo("WEB");
    assertThat(row.get("tags").toString()).isEqualTo("[\"oak\",\"lamp\"]");
    assertThat(row.get("dimensions").toString()).isEqualTo("{\"width\":20.5,\"height\":40.0}");
    assertThat(row.get("thumbnail").asText()).as("bytes as base64").isEqualTo("AQID");
    assertThat(row.get("uid").asText()).isEqualTo("3f2b8a6e-8f4b-4c1e-9d55-0c6a1e2b7f10");
    assertThat(row.get("attributes").toString()).isEqualTo("{\"color\":\"red\",\"sizes\":[1,2]}");

    JsonNode sparse = documents.get("7").source();
    assertThat(sparse.get("price").decimalValue()).isEqualByComparingTo("-0.01");
    assertThat(sparse.get("created_at").asText()).isEqualTo("1970-01-01T00:00:00Z");
    for (String optional : List.of("name", "ratio", "ship_date", "tags", "dimensions", "note")) {
      assertThat(sparse.has(optional)).as("%s is present", optional).isTrue();
      assertThat(sparse.get(optional).isNull()).as("%s is null", optional).isTrue();
    }

    JsonNode properties =
        elasticsearch
            .get("/" + index + "/_mapping")
            .path(index)
            .path("mappings")
            .path("properties");
    Map<String, String> expectedTypes =
        Map.ofEntries(
            Map.entry("id", "long"),
            Map.entry("name", "text"),
            Map.entry("price", "double"),
            Map.entry("ratio", "double"),
            Map.entry("weight", "double"),
            Map.entry("rating", "double"),
            Map.entry("quantity", "long"),
            Map.entry("views", "long"),
            Map.entry("in_stock", "boolean"),
            Map.entry("created_at", "date"),
            Map.entry("ship_date", "date"),
            Map.entry("updated_at", "date"),
            Map.entry("opens_at", "keyword"),
            Map.entry("status", "keyword"),
            Map.entry("channel", "keyword"),
            Map.entry("tags", "text"),
            Map.entry("note", "text"),
            Map.entry("thumbnail", "binary"),
            Map.entry("uid", "keyword"));
    expectedTypes.forEach(
        (field, type) ->
            assertThat(properties.path(field).path("type").asText()).as(field).isEqualTo(type));
    assertThat(properties.path("name").path("fields").path("keyword").path("type").asText())
        .isEqualTo("keyword");
    assertThat(properties.path("dimensions").path("properties").path("width").path("type").asText())
        .isEqualTo("double");

    // Enums are keywords: an exact term finds them, case and all.
    assertThat(hits(index, "{\"term\":{\"channel\":\"WEB\"}}")).containsExactly("42");
    assertThat(hits(index, "{\"term\":{\"status\":\"new\"}}")).containsExactly("7");
    // Dates are dates, decimals are numbers.
    assertThat(hits(index, "{\"range\":{\"created_at\":{\"gte\":\"2024-01-01\"}}}"))
        .containsExactly("42");
    assertThat(hits(index, "{\"range\":{\"price\":{\"gt\":50}}}")).containsExactly("42");

    StatusTool.Result verify = verify(connector);
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out())
        .contains(String.format("read %,d records", records.size()))
        .contains("expected 2 documents, found 2")
        .endsWith("MATCH\n");
  }

  @Test
  void aTwoColumnKeyBecomesOneIdAndItsTombstoneDeletes() throws Exception {
    String topic = debeziumTopic("tenant_items");
    connect.kafka().createTopic(topic, 1);
    DebeziumEvents items =
        new DebeziumEvents(
            topic,
            SchemaBuilder.struct()
                .field("tenant", Schema.STRING_SCHEMA)
                .field("id", Schema.INT64_SCHEMA)
                .field("title", Schema.OPTIONAL_STRING_SCHEMA));
    Schema keySchema =
        DebeziumEvents.keySchema(
            topic,
            SchemaBuilder.struct()
                .field("tenant", Schema.STRING_SCHEMA)
                .field("id", Schema.INT64_SCHEMA));
    List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
    try (AvroRecords avro = new AvroRecords(registry)) {
      for (String tenant : List.of("acme", "globex")) {
        Struct key = new Struct(keySchema).put("tenant", tenant).put("id", 42L);
        Struct row = items.newRow().put("tenant", tenant).put("id", 42L).put("title", "Lamp");
        records.add(avro.record(topic, keySchema, key, items.envelope(), items.create(row)));
      }
      Struct globex = new Struct(keySchema).put("tenant", "globex").put("id", 42L);
      records.add(avro.record(topic, keySchema, globex, null, null));
    }
    Map<org.apache.kafka.common.TopicPartition, Long> ends =
        Kafka.produceBytes(connect, topic, records);

    String connector = startConnector(avroSink(topic, 1));
    Kafka.awaitCommitted(connect, connector, ends, Duration.ofMinutes(2));

    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(topic + "-v1");
    assertThat(documents).containsOnlyKeys("acme|42");
    assertThat(documents.get("acme|42").source().get("title").asText()).isEqualTo("Lamp");
  }

  private List<String> hits(String index, String query) {
    List<String> ids = new ArrayList<>();
    elasticsearch
        .post("/" + index + "/_search", "{\"query\":" + query + "}")
        .path("hits")
        .path("hits")
        .forEach(hit -> ids.add(hit.get("_id").asText()));
    return ids;
  }
}
