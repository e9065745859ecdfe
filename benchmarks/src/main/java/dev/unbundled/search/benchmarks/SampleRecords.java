package dev.unbundled.search.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Records shaped like the end-to-end benchmark's (integration-tests, {@code BenchmarkRecords}):
 * about 500 bytes of JSON, eleven fields of mixed types with a timestamp, a nested object and an
 * array; seeded, so every run converts the same records. As a worker hands them to a sink task:
 * either schemaless (a Map, what the JsonConverter makes of JSON without schemas) or as a Struct
 * with a schema (what Avro or JSON with schemas give).
 */
final class SampleRecords {

  static final String TOPIC = "products";

  static final Schema CATEGORY =
      SchemaBuilder.struct()
          .name("Category")
          .field("id", Schema.INT32_SCHEMA)
          .field("name", Schema.STRING_SCHEMA)
          .build();
  static final Schema VALUE =
      SchemaBuilder.struct()
          .name("Product")
          .field("id", Schema.INT32_SCHEMA)
          .field("sku", Schema.STRING_SCHEMA)
          .field("title", Schema.STRING_SCHEMA)
          .field("description", Schema.STRING_SCHEMA)
          .field("price", Schema.FLOAT64_SCHEMA)
          .field("stock", Schema.INT32_SCHEMA)
          .field("active", Schema.BOOLEAN_SCHEMA)
          .field("updated_at", Timestamp.SCHEMA)
          .field("revision", Schema.INT64_SCHEMA)
          .field("category", CATEGORY)
          .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
          .build();

  private static final String[] WORDS = {
    "alpha", "bravo", "cable", "delta", "ember", "frost", "glide", "harbor", "ivory", "jolly",
    "karma", "lunar", "maple", "noble", "orbit", "pearl", "quartz", "river", "solar", "tango",
    "umber", "velvet", "willow", "xenon", "yonder", "zephyr"
  };
  private static final long FIRST_TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private SampleRecords() {}

  /** {@code count} records as a worker would hand them over: {@code struct} or schemaless. */
  static SinkRecord[] generate(int count, boolean struct) {
    JsonConverter schemaless = new JsonConverter();
    schemaless.configure(java.util.Map.of("schemas.enable", "false"), false);
    Struct[] values = values(count);
    SinkRecord[] records = new SinkRecord[count];
    for (int i = 0; i < count; i++) {
      Struct value = values[i];
      String key = "p" + value.getInt32("id");
      if (struct) {
        records[i] = new SinkRecord(TOPIC, i % 4, Schema.STRING_SCHEMA, key, VALUE, value, i);
      } else {
        SchemaAndValue map =
            schemaless.toConnectData(TOPIC, json(value).getBytes(StandardCharsets.UTF_8));
        records[i] = new SinkRecord(TOPIC, i % 4, Schema.STRING_SCHEMA, key, null, map.value(), i);
      }
    }
    return records;
  }

  /** {@code count} values as the JSON bytes a producer sends (keys are {@code "p" + id}). */
  static byte[][] jsonValues(int count) {
    Struct[] values = values(count);
    byte[][] json = new byte[count][];
    for (int i = 0; i < count; i++) {
      json[i] = json(values[i]).getBytes(StandardCharsets.UTF_8);
    }
    return json;
  }

  private static Struct[] values(int count) {
    SplittableRandom random = new SplittableRandom(42);
    Struct[] values = new Struct[count];
    for (int i = 0; i < count; i++) {
      values[i] = value(random, random.nextInt(count * 5), i);
    }
    return values;
  }

  private static Struct value(SplittableRandom random, int key, int sequence) {
    List<String> tags = new ArrayList<>();
    Struct value =
        new Struct(VALUE)
            .put("id", key)
            .put("sku", "SKU-" + Integer.toHexString(random.nextInt()))
            .put("title", "Product " + key + " " + words(random, 8))
            .put("description", words(random, 40))
            .put("price", random.nextInt(10_000_000) / 100.0)
            .put("stock", random.nextInt(1_000))
            .put("active", random.nextBoolean())
            .put("updated_at", new Date(FIRST_TIMESTAMP + sequence * 1000L))
            .put("revision", (long) sequence)
            .put(
                "category",
                new Struct(CATEGORY).put("id", random.nextInt(200)).put("name", words(random, 2)))
            .put("tags", tags);
    tags.add(words(random, 1));
    tags.add(words(random, 1));
    return value;
  }

  /** The value as the JSON text a producer would send: only generated text, nothing to escape. */
  private static String json(Struct value) {
    Struct category = value.getStruct("category");
    List<String> tags = value.getArray("tags");
    return "{\"id\":"
        + value.getInt32("id")
        + ",\"sku\":\""
        + value.getString("sku")
        + "\",\"title\":\""
        + value.getString("title")
        + "\",\"description\":\""
        + value.getString("description")
        + "\",\"price\":"
        + value.getFloat64("price")
        + ",\"stock\":"
        + value.getInt32("stock")
        + ",\"active\":"
        + value.getBoolean("active")
        + ",\"updated_at\":\""
        + ((Date) value.get("updated_at")).toInstant()
        + "\",\"revision\":"
        + value.getInt64("revision")
        + ",\"category\":{\"id\":"
        + category.getInt32("id")
        + ",\"name\":\""
        + category.getString("name")
        + "\"},\"tags\":[\""
        + tags.get(0)
        + "\",\""
        + tags.get(1)
        + "\"]}";
  }

  private static String words(SplittableRandom random, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }
}
