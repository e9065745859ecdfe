package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.DebeziumSource;
import dev.unbundled.search.it.harness.DebeziumTopic;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.FaultProxy;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.Postgres;
import dev.unbundled.search.it.harness.SchemaRegistry;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Re-snapshots without ghosts ({@code cdc.snapshot.sweep=true}) with a real source: PostgreSQL rows
 * captured by Debezium's PostgreSQL connector into a topic of 3 partitions, read by 2 sink tasks.
 * Rows deleted while the source was away (its offsets reset and its replication slot dropped, as
 * operators do when a slot is lost) get no delete event; once the fresh snapshot has been read in
 * every partition, the sink deletes their documents: in the live index, in a rebuild from offset
 * zero of a topic holding both snapshots, and a rebuild from the last snapshot starts without them.
 */
class SnapshotSweepIT extends SharedStackTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final int PARTITIONS = 3;

  private final Postgres postgres;
  private Postgres.Database database;
  private final List<DebeziumSource> sources = new ArrayList<>();

  SnapshotSweepIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect, Postgres postgres) {
    super(elasticsearch, connect);
    this.postgres = postgres;
  }

  @BeforeEach
  void createDatabase() {
    database = postgres.newDatabase("sweep");
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
  void aReSnapshotAfterAGapLeavesNoGhostsLiveRebuiltOrRebuiltFromTheLastSnapshot()
      throws Exception {
    DebeziumSource source = items(300, DebeziumSource.jsonConverters());
    String topic = source.topic("items");
    String v1 = startConnector(sweepingSink(topic, 1, DebeziumSource.jsonConverters()));
    awaitIndexEqualsTable(v1, topic + "-v1");

    // While the source is away: 30 rows deleted (no delete event will ever say so), 10 changed,
    // 5 added. The fresh snapshot brings the changed and added rows, and nothing of the deleted.
    source.resnapshot(
        () ->
            database.execute(
                "DELETE FROM items WHERE id <= 30",
                "UPDATE items SET name = 'changed-' || id WHERE id BETWEEN 31 AND 40",
                "INSERT INTO items SELECT i, 'item-' || i, i FROM generate_series(301, 305) i"));
    awaitIndexEqualsTable(v1, topic + "-v1");
    awaitSwept(topic + "-v1", 30);
    assertThat(sweep(topic + "-v1").path("removed").asLong()).isEqualTo(30);
    StatusTool.Result status = new StatusTool(connect).run("status", v1, "--plain");
    assertThat(status.out()).contains("snapshot sweep done: 30 removed (30 in all)");

    // A rebuild from offset zero reads both snapshots, and the deleted rows' old records.
    String v2 = startConnector(sweepingSink(topic, 2, DebeziumSource.jsonConverters()));
    awaitIndexEqualsTable(v2, topic + "-v2");
    awaitSwept(topic + "-v2", 30);

    // Streaming goes on after the sweeps: deletes, updates and inserts land as usual.
    database.execute(
        "DELETE FROM items WHERE id = 50",
        "UPDATE items SET qty = 0 WHERE id = 60",
        "INSERT INTO items VALUES (400, 'item-400', 400)");
    awaitIndexEqualsTable(v1, topic + "-v1");

    // A rebuild that starts where the last snapshot began never reads the deleted rows at all.
    StatusTool.Result rebuilt =
        new StatusTool(connect)
            .run(
                "reindex",
                v1,
                "--from-last-snapshot",
                "--name",
                v1 + "-from-snapshot",
                "--set",
                "index.version=3",
                "--no-watch");
    assertThat(rebuilt.exitCode()).as(rebuilt.out() + rebuilt.err()).isZero();
    assertThat(rebuilt.out()).contains("Starts where the last complete snapshot began");
    deleteAfterTest(v1 + "-from-snapshot");
    awaitIndexEqualsTable(v1 + "-from-snapshot", topic + "-v3");
    assertThat(writesCounted(topic + "-v3"))
        .as("writes to the rebuilt index: the history before the snapshot was skipped")
        .isLessThan(writesCounted(topic + "-v2"));
  }

  @Test
  void inAvroThroughTheRegistryASinkRestartedMidSnapshotSweepsOnceAndExactly(
      SchemaRegistry registry) throws Exception {
    Map<String, String> avro = registry.withAvroConverters(new HashMap<>());
    DebeziumSource source = items(200, avro);
    String topic = source.topic("items");
    try (FaultProxy slow = FaultProxy.forwarding(URI.create(elasticsearch.url()))) {
      Map<String, String> config = sweepingSink(topic, 1, avro);
      // A slow engine stretches the reading of the second snapshot over the sink's restart.
      config.put("connection.url", slow.url());
      config.put("batch.size", "10");
      config.put("max.in.flight.requests", "1");
      String v1 = startConnector(config);
      awaitIndexEqualsTable(v1, topic + "-v1");
      awaitSwept(topic + "-v1", 0);
      long firstSnapshotEnded = sweep(topic + "-v1").path("snapshot_ended").asLong();

      slow.delayBulkRequests(Duration.ofMillis(300));
      source.resnapshot(() -> database.execute("DELETE FROM items WHERE id > 180"));
      Map<TopicPartition, Long> before = Kafka.committedOffsets(connect, v1);
      TestUtils.waitForCondition(
          () -> !Kafka.committedOffsets(connect, v1).equals(before),
          TIMEOUT.toMillis(),
          "the sink did not start on the second snapshot");
      JsonNode midway = sweep(topic + "-v1");
      assertThat(
              midway.path("state").asText().equals("done")
                  && midway.path("snapshot_ended").asLong() > firstSnapshotEnded)
          .as("the second snapshot is not swept before it has been read: %s", midway)
          .isFalse();
      connect.restartConnectorAndTasks(v1, false, true, false);
      slow.delayBulkRequests(Duration.ZERO);

      awaitIndexEqualsTable(v1, topic + "-v1");
      awaitSwept(topic + "-v1", 20);
    }
  }

  /** A table of {@code rows} items, captured by a new Debezium source into 3 partitions. */
  private DebeziumSource items(int rows, Map<String, String> converters)
      throws InterruptedException {
    database.execute(
        "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)",
        "INSERT INTO items SELECT i, 'item-' || i, i FROM generate_series(1, " + rows + ") i");
    DebeziumSource source =
        DebeziumSource.start(connect, database, List.of("items"), PARTITIONS, converters);
    sources.add(source);
    // The topic exists once the snapshot is written.
    connect.kafka().consume(rows, TIMEOUT.toMillis(), source.topic("items"));
    return source;
  }

  /** Two tasks, Debezium's unwrap with the marker as a header, and the sweep. */
  private Map<String, String> sweepingSink(
      String topic, int version, Map<String, String> converters) {
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, version, 2);
    config.putAll(converters);
    config.put("transforms", "unwrap");
    config.put("transforms.unwrap.type", DebeziumSource.EXTRACT_NEW_RECORD_STATE);
    config.put("transforms.unwrap.add.headers", "source.snapshot");
    config.put("cdc.snapshot.sweep", "true");
    return config;
  }

  /**
   * Waits until the sink has committed at least the topic's present end and the index holds exactly
   * the table's rows (id to name/qty). Records the source is still writing are waited for by the
   * comparison: a re-snapshot's table differs from the index until it has been read and swept.
   */
  private void awaitIndexEqualsTable(String sink, String index) throws Exception {
    String topic = index.substring(0, index.lastIndexOf("-v"));
    Map<TopicPartition, Long> ends = DebeziumTopic.endOffsets(connect, topic);
    TestUtils.waitForCondition(
        () -> {
          Map<TopicPartition, Long> committed = Kafka.committedOffsets(connect, sink);
          return ends.entrySet().stream()
              .allMatch(end -> committed.getOrDefault(end.getKey(), 0L) >= end.getValue());
        },
        TIMEOUT.toMillis(),
        () -> sink + " did not commit " + ends + ": " + Kafka.committedOffsets(connect, sink));
    TestUtils.waitForCondition(
        () -> table().equals(index(index)),
        TIMEOUT.toMillis(),
        () -> "index " + index + " differs from the table: " + difference(index));
  }

  private Map<String, String> table() {
    Map<String, String> table = new TreeMap<>();
    for (List<Object> row : database.query("SELECT id, name, qty FROM items")) {
      table.put(row.get(0).toString(), row.get(1) + "/" + row.get(2));
    }
    return table;
  }

  private Map<String, String> index(String index) {
    elasticsearch.refresh(index);
    Map<String, String> documents = new TreeMap<>();
    elasticsearch
        .documents(index)
        .forEach(
            (id, document) ->
                documents.put(
                    id,
                    document.source().get("name").asText()
                        + "/"
                        + document.source().get("qty").asInt()));
    return documents;
  }

  private String difference(String index) {
    Map<String, String> table = table();
    Map<String, String> documents = index(index);
    Map<String, String> ghosts = new TreeMap<>(documents);
    ghosts.keySet().removeAll(table.keySet());
    Map<String, String> missing = new TreeMap<>(table);
    missing.keySet().removeAll(documents.keySet());
    return ghosts.size() + " ghost(s) " + ghosts.keySet() + ", " + missing.size() + " missing";
  }

  private JsonNode sweep(String index) {
    return elasticsearch
        .get("/" + index + "/_mapping")
        .path(index)
        .path("mappings")
        .path("_meta")
        .path("snapshot_sweep");
  }

  /** Waits until the index's sweeps are done and removed {@code removed} documents in all. */
  private void awaitSwept(String index, long removed) throws InterruptedException {
    TestUtils.waitForCondition(
        () ->
            "done".equals(sweep(index).path("state").asText())
                && sweep(index).path("total_removed").asLong() >= removed,
        TIMEOUT.toMillis(),
        () -> "no sweep removing " + removed + " done on " + index + ": " + sweep(index));
    assertThat(sweep(index).path("total_removed").asLong()).isEqualTo(removed);
  }

  private long writesCounted(String index) {
    return elasticsearch
        .get("/" + index + "/_stats/indexing")
        .path("_all")
        .path("primaries")
        .path("indexing")
        .path("index_total")
        .asLong();
  }
}
