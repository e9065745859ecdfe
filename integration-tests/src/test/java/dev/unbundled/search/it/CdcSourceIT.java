package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.DebeziumSource;
import dev.unbundled.search.it.harness.DebeziumTopic;
import dev.unbundled.search.it.harness.DebeziumTopic.Change;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.PluginTransforms;
import dev.unbundled.search.it.harness.Postgres;
import dev.unbundled.search.it.harness.SchemaRegistry;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real CDC source end to end: PostgreSQL rows captured by Debezium's PostgreSQL connector ({@code
 * pgoutput}) in the same Connect worker as the sink, through a snapshot, streamed updates and
 * deletes, and a re-snapshot as operators run one; the index equals the table each time. Also pins
 * down what Debezium really writes that the sink and our transforms rely on: the snapshot markers
 * in {@code source.snapshot}, the records' timestamps, and what Debezium's own {@code
 * ExtractNewRecordState} and our {@code CdcUnwrap} make of them.
 */
class CdcSourceIT extends SharedStackTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final int ROWS = 200;
  private static final int PARTITIONS = 3;

  private final Postgres postgres;
  private Postgres.Database database;
  private final List<DebeziumSource> sources = new ArrayList<>();

  CdcSourceIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect, Postgres postgres) {
    super(elasticsearch, connect);
    this.postgres = postgres;
  }

  @BeforeEach
  void createDatabase() {
    database = postgres.newDatabase("cdc");
  }

  @AfterEach
  void dropDatabase() throws InterruptedException {
    for (DebeziumSource source : sources) {
      source.delete();
    }
    database.drop();
  }

  @Tag(Engine.TAG_OPENSEARCH_2)
  @Test
  void aTableSnapshottedStreamedAndSnapshottedAgainLandsAsTheTable() throws Exception {
    database.execute(
        "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)",
        "INSERT INTO items SELECT i, 'item-' || i, i FROM generate_series(1, " + ROWS + ") i");
    DebeziumSource source = start(List.of("items"));
    String topic = source.topic("items");
    List<Change> snapshot = changes(topic, ROWS);
    // The sink starts once Connect has created the topic.
    String sink = startConnector(unwrappingSink(topic));
    report("snapshot of 200 rows", snapshot);
    assertThat(snapshot).extracting(Change::op).containsOnly("r");
    assertThat(markerCounts(snapshot))
        .isEqualTo(Map.of("first", 1L, "true", ROWS - 2L, "last", 1L));

    database.execute(
        "UPDATE items SET qty = qty + 1000 WHERE id <= 10",
        "DELETE FROM items WHERE id > 190",
        "INSERT INTO items SELECT i, 'new-' || i, i FROM generate_series(201, 205) i");
    // 10 updates, 10 deletes each followed by Debezium's tombstone, 5 inserts.
    List<Change> all = changes(topic, ROWS + 10 + 20 + 5);
    List<Change> streamed = all.stream().filter(change -> !"r".equals(change.op())).toList();
    report("streamed changes", streamed);
    assertThat(streamed).extracting(Change::snapshot).containsOnly("false", null);
    assertStampedWhenSent(all);
    awaitIndexEqualsTable(sink, topic, Map.of());
    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(topic + "-v1");
    assertThat(documents.get("1").source().get("__source_snapshot").asText()).isEqualTo("false");
    assertThat(documents.get("150").source().get("__source_snapshot").asText()).isEqualTo("true");

    source.resnapshot(
        () ->
            database.execute(
                "UPDATE items SET name = 'renamed-' || id WHERE id <= 5",
                "DELETE FROM items WHERE id = 100"));
    List<Change> again = changes(topic, all.size() + 194);
    List<Change> resnapshot = again.stream().filter(change -> !all.contains(change)).toList();
    report("re-snapshot", resnapshot);
    assertThat(resnapshot).extracting(Change::op).containsOnly("r");
    assertThat(markerCounts(resnapshot))
        .isEqualTo(Map.of("first", 1L, "true", 194 - 2L, "last", 1L));
    assertStampedWhenSent(again);
    // A snapshot reads rows; it has nothing to say of a row deleted while the source was stopped,
    // so that row's document stays until the index is rebuilt from a new topic or version.
    awaitIndexEqualsTable(sink, topic, Map.of("100", "item-100/100"));
  }

  @Test
  void anAvroSourceThroughTheSchemaRegistryLandsAsTheTable(SchemaRegistry registry)
      throws Exception {
    database.execute(
        "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)",
        "INSERT INTO items SELECT i, 'item-' || i, i FROM generate_series(1, 20) i");
    DebeziumSource source =
        DebeziumSource.start(
            connect,
            database,
            List.of("items"),
            PARTITIONS,
            registry.withAvroConverters(new HashMap<>()));
    sources.add(source);
    String topic = source.topic("items");
    connect.kafka().consume(20, TIMEOUT.toMillis(), topic);
    Map<String, String> config = unwrappingSink(topic);
    registry.withAvroConverters(config);
    String sink = startConnector(config);

    database.execute("UPDATE items SET qty = 0 WHERE id <= 2", "DELETE FROM items WHERE id = 20");
    // Two updates, a delete and its tombstone.
    connect.kafka().consume(20 + 4, TIMEOUT.toMillis(), topic);
    awaitIndexEqualsTable(sink, topic, Map.of());
  }

  @Test
  void snapshotMarkersOfOneRowTwoRowAndMultiTableSnapshots() throws Exception {
    database.execute(
        "CREATE TABLE one_row (id int PRIMARY KEY, name text)",
        "CREATE TABLE two_rows (id int PRIMARY KEY, name text)",
        "CREATE TABLE three_rows (id int PRIMARY KEY, name text)",
        "INSERT INTO one_row VALUES (1, 'a')",
        "INSERT INTO two_rows VALUES (1, 'a'), (2, 'b')",
        "INSERT INTO three_rows VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    DebeziumSource oneRow = start(List.of("one_row"));
    DebeziumSource twoRows = start(List.of("two_rows"));
    DebeziumSource twoTables = start(List.of("two_rows", "three_rows"));
    DebeziumSource threeTables = start(List.of("three_rows", "one_row", "two_rows"));

    // A table of one row has no "first": its only record is the snapshot's "last".
    assertThat(markers(oneRow, "one_row", 1)).isEqualTo(Map.of(1, "last"));
    assertThat(markers(twoRows, "two_rows", 2)).isEqualTo(Map.of(1, "first", 2, "last"));
    assertThat(markers(twoTables, "two_rows", 2))
        .isEqualTo(Map.of(1, "first", 2, "last_in_data_collection"));
    assertThat(markers(twoTables, "three_rows", 3))
        .isEqualTo(Map.of(1, "first_in_data_collection", 2, "true", 3, "last"));
    Map<String, Map<Integer, String>> ofThree =
        Map.of(
            "three_rows", markers(threeTables, "three_rows", 3),
            "one_row", markers(threeTables, "one_row", 1),
            "two_rows", markers(threeTables, "two_rows", 2));
    assertThat(ofThree)
        .isEqualTo(
            Map.of(
                "three_rows", Map.of(1, "first", 2, "true", 3, "last_in_data_collection"),
                "one_row", Map.of(1, "last_in_data_collection"),
                "two_rows", Map.of(1, "first_in_data_collection", 2, "last")));
  }

  @Test
  void extractNewRecordStateNamesTheMarkerSourceSnapshotAndTurnsADeleteIntoOneTombstone()
      throws Exception {
    List<ConsumerRecord<byte[], byte[]>> raw = readUpdateDelete();

    Map<String, String> withMarker =
        Map.of("add.fields", "source.snapshot", "add.headers", "source.snapshot");
    for (Unwrapped unwrapped : unwrap(raw, extractNewRecordState(withMarker))) {
      String op = unwrapped.in().op();
      SinkRecord out = unwrapped.out();
      switch (op) {
        case "r", "u" -> {
          assertThat(((Struct) out.value()).getString("__source_snapshot"))
              .isEqualTo(unwrapped.in().snapshot());
          assertThat(out.headers().lastWithName("__source_snapshot").value())
              .isEqualTo(unwrapped.in().snapshot());
        }
        case "d" -> {
          assertThat(out.value()).as("a delete becomes a tombstone").isNull();
          assertThat(out.headers().lastWithName("__source_snapshot").value()).isEqualTo("false");
        }
        default -> assertThat(out).as("Debezium's own tombstone is dropped").isNull();
      }
    }
    for (Unwrapped unwrapped : unwrap(raw, extractNewRecordState(Map.of()))) {
      switch (unwrapped.in().op()) {
        case "d" -> {
          assertThat(unwrapped.out().value()).as("a delete becomes a tombstone").isNull();
          assertThat(unwrapped.out().headers()).isEmpty();
        }
        case "tombstone" ->
            assertThat(unwrapped.out()).as("Debezium's own tombstone is dropped").isNull();
        default ->
            assertThat(((Struct) unwrapped.out().value()).schema().field("__source_snapshot"))
                .isNull();
      }
    }
  }

  @Test
  void cdcUnwrapCopiesTheMarkerAndPassesDebeziumsTombstoneOnAfterTheDeletesOwn() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> raw = readUpdateDelete();

    Map<String, String> withMarker = Map.of("metadata.fields", "source.snapshot");
    for (Unwrapped unwrapped :
        unwrap(
            raw, PluginTransforms.ours("dev.unbundled.search.transforms.CdcUnwrap", withMarker))) {
      SinkRecord out = unwrapped.out();
      switch (unwrapped.in().op()) {
        case "r", "u" ->
            assertThat(((Struct) out.value()).getString("__source_snapshot"))
                .isEqualTo(unwrapped.in().snapshot());
        case "d" -> {
          assertThat(out.value()).as("a delete becomes a tombstone").isNull();
          assertThat(out.headers().lastWithName("__source_snapshot").value()).isEqualTo("false");
        }
        default -> {
          assertThat(out).as("Debezium's own tombstone passes on").isNotNull();
          assertThat(out.value()).isNull();
          assertThat(out.headers()).isEmpty();
        }
      }
    }
  }

  /**
   * A table of two rows snapshotted, one updated and the other deleted: two snapshot reads, an
   * update, a delete and Debezium's tombstone after it, as written.
   */
  private List<ConsumerRecord<byte[], byte[]>> readUpdateDelete() throws Exception {
    database.execute(
        "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)",
        "INSERT INTO items VALUES (1, 'a'), (2, 'b')");
    DebeziumSource source = start(List.of("items"));
    String topic = source.topic("items");
    changes(topic, 2);
    database.execute("UPDATE items SET name = 'c' WHERE id = 1", "DELETE FROM items WHERE id = 2");
    changes(topic, 5);
    return DebeziumTopic.records(connect, topic);
  }

  private static Transformation<SinkRecord> extractNewRecordState(Map<String, String> config) {
    return PluginTransforms.debezium(DebeziumSource.EXTRACT_NEW_RECORD_STATE, config);
  }

  private DebeziumSource start(List<String> tables) throws InterruptedException {
    DebeziumSource source =
        DebeziumSource.start(
            connect, database, tables, PARTITIONS, DebeziumSource.jsonConverters());
    sources.add(source);
    return source;
  }

  /** The sink reading Debezium's JSON, unwrapped by Debezium's own transform. */
  private Map<String, String> unwrappingSink(String topic) {
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.putAll(DebeziumSource.jsonConverters());
    config.put("transforms", "unwrap");
    config.put("transforms.unwrap.type", DebeziumSource.EXTRACT_NEW_RECORD_STATE);
    config.put("transforms.unwrap.add.fields", "source.snapshot");
    config.put("transforms.unwrap.add.headers", "source.snapshot");
    return config;
  }

  /**
   * Waits until the sink committed the whole topic, then compares the index with the table plus the
   * given documents (id to {@code name/qty}). The whole topic, including a partition's trailing
   * Debezium tombstone that ExtractNewRecordState dropped: the sink counts dropped records as
   * consumed (DroppedTailIT).
   */
  private void awaitIndexEqualsTable(String sink, String topic, Map<String, String> extra)
      throws Exception {
    Kafka.awaitCommitted(connect, sink, DebeziumTopic.endOffsets(connect, topic), TIMEOUT);
    Map<String, String> table = new TreeMap<>();
    for (List<Object> row : database.query("SELECT id, name, qty FROM items")) {
      table.put(row.get(0).toString(), row.get(1) + "/" + row.get(2));
    }
    table.putAll(extra);
    Map<String, String> index = new TreeMap<>();
    elasticsearch
        .documents(topic + "-v1")
        .forEach(
            (id, document) ->
                index.put(
                    id,
                    document.source().get("name").asText()
                        + "/"
                        + document.source().get("qty").asInt()));
    assertThat(index).isEqualTo(table);
  }

  /** A record as Debezium wrote it, and what a transform made of it (null: dropped). */
  private record Unwrapped(Change in, SinkRecord out) {}

  /** Runs the transform over the records, reports what it made of each, and closes it. */
  private static List<Unwrapped> unwrap(
      List<ConsumerRecord<byte[], byte[]>> records, Transformation<SinkRecord> transform) {
    List<Unwrapped> unwrapped = new ArrayList<>();
    try (transform) {
      System.out.println(transform.getClass().getSimpleName() + ":");
      for (ConsumerRecord<byte[], byte[]> record : records) {
        Unwrapped one =
            new Unwrapped(Change.of(record), transform.apply(DebeziumTopic.toSinkRecord(record)));
        System.out.println("  " + one.in() + "\n    -> " + describe(one.out()));
        unwrapped.add(one);
      }
    }
    return unwrapped;
  }

  private static String describe(SinkRecord record) {
    return record == null
        ? "dropped"
        : "value="
            + record.value()
            + " headers="
            + record.headers()
            + " value schema="
            + (record.valueSchema() == null ? "none" : record.valueSchema().fields());
  }

  /**
   * Connect's producer stamps each record when it sends it (Debezium leaves {@code
   * SourceRecord.timestamp} null): the timestamps grow with the offsets of each partition, and none
   * is earlier than the moment Debezium made the event ({@code ts_ms}).
   */
  private static void assertStampedWhenSent(List<Change> changes) {
    for (int i = 1; i < changes.size(); i++) {
      Change previous = changes.get(i - 1);
      Change change = changes.get(i);
      if (previous.partition() == change.partition()) {
        assertThat(change.timestamp())
            .as("timestamp of %s", change)
            .isGreaterThanOrEqualTo(previous.timestamp());
      }
    }
    for (Change change : changes) {
      assertThat(change.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
      if (!change.op().equals("tombstone")) {
        assertThat(change.timestamp())
            .as("timestamp of %s", change)
            .isGreaterThanOrEqualTo(change.value().path("ts_ms").asLong());
      }
    }
  }

  /** The snapshot marker of each row of a table, by id. */
  private Map<Integer, String> markers(DebeziumSource source, String table, int rows) {
    List<Change> changes = changes(source.topic(table), rows);
    report(source.name() + " " + table, changes);
    return changes.stream()
        .collect(Collectors.toMap(change -> change.key().path("id").asInt(), Change::snapshot));
  }

  /** At least {@code count} change events of the topic, waited for. */
  private List<Change> changes(String topic, int count) {
    return DebeziumTopic.changes(connect, topic, count);
  }

  private static Map<String, Long> markerCounts(List<Change> changes) {
    return changes.stream()
        .collect(Collectors.groupingBy(Change::snapshot, TreeMap::new, Collectors.counting()));
  }

  private static void report(String title, List<Change> changes) {
    System.out.println(title + ":");
    changes.forEach(change -> System.out.println("  " + change));
  }
}
