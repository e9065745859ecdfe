package dev.unbundled.search.it.harness;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Change events of one table shaped as Debezium's Postgres connector writes them: an {@code
 * Envelope} struct with {@code before}, {@code after}, {@code source} (its {@code Source} struct,
 * with {@code snapshot} as an {@code io.debezium.data.Enum}), {@code transaction}, {@code op} and
 * the {@code ts_*} fields, named after the topic prefix, schema and table.
 */
public final class DebeziumEvents {

  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .name("io.debezium.connector.postgresql.Source")
          .field("version", Schema.STRING_SCHEMA)
          .field("connector", Schema.STRING_SCHEMA)
          .field("name", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field(
              "snapshot",
              SchemaBuilder.string()
                  .optional()
                  .name("io.debezium.data.Enum")
                  .version(1)
                  .parameter("allowed", "true,first,first_in_data_collection,last,false")
                  .defaultValue("false")
                  .build())
          .field("db", Schema.STRING_SCHEMA)
          .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
          .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
          .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
          .field("schema", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
          .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
          .field("xmin", Schema.OPTIONAL_INT64_SCHEMA)
          .build();

  private static final Schema TRANSACTION =
      SchemaBuilder.struct()
          .optional()
          .name("event.block")
          .version(1)
          .field("id", Schema.STRING_SCHEMA)
          .field("total_order", Schema.INT64_SCHEMA)
          .field("data_collection_order", Schema.INT64_SCHEMA)
          .build();

  private final String prefix;
  private final String table;
  private final Schema row;
  private final Schema envelope;
  private long lsn = 1_000;

  /**
   * @param topic the topic, {@code <prefix>.<schema>.<table>}, whose name the schemas carry
   * @param row the row's fields, as a struct builder (named and made optional here)
   */
  public DebeziumEvents(String topic, SchemaBuilder row) {
    this.prefix = topic;
    this.table = topic.substring(topic.lastIndexOf('.') + 1);
    this.row = row.name(topic + ".Value").optional().build();
    this.envelope =
        SchemaBuilder.struct()
            .name(topic + ".Envelope")
            .version(2)
            .field("before", this.row)
            .field("after", this.row)
            .field("source", SOURCE)
            .field("transaction", TRANSACTION)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
  }

  /** A key struct of the given fields, named as Debezium names the table's key. */
  public static Schema keySchema(String topic, SchemaBuilder key) {
    return key.name(topic + ".Key").build();
  }

  public Schema row() {
    return row;
  }

  public Schema envelope() {
    return envelope;
  }

  /** An empty row of this table's schema, to fill in. */
  public Struct newRow() {
    return new Struct(row);
  }

  /** A snapshot read ({@code r}) of a row. */
  public Struct read(Struct after) {
    return event("r", null, after, "true");
  }

  /** An insert ({@code c}). */
  public Struct create(Struct after) {
    return event("c", null, after, null);
  }

  /** An update ({@code u}). */
  public Struct update(Struct before, Struct after) {
    return event("u", before, after, null);
  }

  /** A delete ({@code d}); Debezium follows it with a tombstone of the same key. */
  public Struct delete(Struct before) {
    return event("d", before, null, null);
  }

  private Struct event(String op, Struct before, Struct after, String snapshot) {
    long now = System.currentTimeMillis();
    Struct source =
        new Struct(SOURCE)
            .put("version", "3.7.0.Final")
            .put("connector", "postgresql")
            .put("name", prefix.substring(0, prefix.indexOf('.')))
            .put("ts_ms", now)
            .put("snapshot", snapshot == null ? "false" : snapshot)
            .put("db", "shop")
            .put("ts_us", now * 1_000)
            .put("ts_ns", now * 1_000_000)
            .put("schema", "public")
            .put("table", table)
            .put("txId", 700L + lsn)
            .put("lsn", lsn++);
    return new Struct(envelope)
        .put("before", before)
        .put("after", after)
        .put("source", source)
        .put("op", op)
        .put("ts_ms", now)
        .put("ts_us", now * 1_000)
        .put("ts_ns", now * 1_000_000);
  }
}
