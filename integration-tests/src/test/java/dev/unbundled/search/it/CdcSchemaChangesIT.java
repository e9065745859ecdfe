package dev.unbundled.search.it;

import static dev.unbundled.search.it.harness.DeadLetters.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.DebeziumSource;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Postgres;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The schema changes a real source makes, through Debezium's PostgreSQL connector: a column widened
 * from {@code integer} to {@code bigint} takes values past 2^31 (derived mappings map every integer
 * as {@code long}), a column added joins the mapping, a column dropped is no longer written, and a
 * change no mapping can absorb (a number column become text) is that record's failure, in the
 * dead-letter queue with the remedy, while later changes land. The last partition ends with
 * Debezium's tombstone, which its unwrap drops: the index is still promoted with no lag allowed.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class CdcSchemaChangesIT extends SharedStackTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Postgres postgres;
  private Postgres.Database database;
  private DebeziumSource source;

  CdcSchemaChangesIT(
      Elasticsearch elasticsearch, EmbeddedConnectCluster connect, Postgres postgres) {
    super(elasticsearch, connect);
    this.postgres = postgres;
  }

  @BeforeEach
  void createDatabase() {
    database = postgres.newDatabase("schema");
  }

  @AfterEach
  void dropDatabase() throws InterruptedException {
    if (source != null) {
      source.delete();
    }
    database.drop();
  }

  @Test
  void widenedAddedAndDroppedColumnsConvergeAndATypeNoMappingTakesGoesToTheDeadLetterQueue()
      throws Exception {
    database.execute(
        "CREATE TABLE stock (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL,"
            + " legacy text)",
        "INSERT INTO stock SELECT i, 'item-' || i, i, 'old' FROM generate_series(1, 20) i");
    source =
        DebeziumSource.start(
            connect, database, List.of("stock"), 1, DebeziumSource.jsonConverters());
    String topic = source.topic("stock");
    connect.kafka().consume(20, TIMEOUT.toMillis(), topic);
    String dlq = TestNames.unique("dlq");
    Map<String, String> config =
        SinkConfigs.withDeadLetterQueue(
            SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1), dlq);
    config.putAll(DebeziumSource.jsonConverters());
    config.put("transforms", "unwrap");
    config.put("transforms.unwrap.type", DebeziumSource.EXTRACT_NEW_RECORD_STATE);
    config.put("alias.promotion.max.lag", "0");
    String sink = startConnector(config);
    String index = topic + "-v1";
    awaitDocument(index, "20", doc -> doc.path("qty").asLong() == 20);
    assertThat(elasticsearch.mappingProperties(index).path("qty").path("type").asText())
        .isEqualTo("long");

    database.execute(
        "ALTER TABLE stock ALTER COLUMN qty TYPE bigint",
        "UPDATE stock SET qty = 3000000000 WHERE id = 1",
        "ALTER TABLE stock ADD COLUMN restocked_at timestamptz",
        "UPDATE stock SET restocked_at = '2024-03-05T10:15:30Z' WHERE id = 2",
        "ALTER TABLE stock DROP COLUMN legacy",
        "UPDATE stock SET name = 'renamed' WHERE id = 3");
    awaitDocument(index, "3", doc -> doc.path("name").asText().equals("renamed"));
    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(index);
    assertThat(documents.get("1").source().get("qty").asLong()).isEqualTo(3_000_000_000L);
    assertThat(documents.get("3").source().has("legacy"))
        .as("a dropped column is not written in newer documents")
        .isFalse();
    JsonNode properties = elasticsearch.mappingProperties(index);
    assertThat(properties.path("restocked_at").path("type").asText()).isEqualTo("date");

    // No mapping holds a number column become text: that record goes to the dead-letter queue.
    database.execute(
        "ALTER TABLE stock ALTER COLUMN qty TYPE text",
        "UPDATE stock SET qty = 'plenty' WHERE id = 4");
    ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(1, TIMEOUT.toMillis(), dlq);
    ConsumerRecord<byte[], byte[]> letter = dead.iterator().next();
    assertThat(header(letter, "__connect.errors.exception.message"))
        .contains("field 'qty' is mapped as [long]")
        .contains("search-sink reindex " + sink);
    // Debezium reads a table's columns from the live catalog when it meets a change of them: the
    // column goes back to a number only once the text change has been captured.
    database.execute(
        "ALTER TABLE stock ALTER COLUMN qty TYPE bigint USING 7",
        "UPDATE stock SET name = 'after' WHERE id = 5",
        "DELETE FROM stock WHERE id = 6");
    awaitDocument(index, "5", doc -> doc.path("name").asText().equals("after"));
    TestUtils.waitForCondition(
        () -> !elasticsearch.documents(index).containsKey("6"),
        TIMEOUT.toMillis(),
        "the deleted row's document is still there");
    // The topic ends with Debezium's tombstone after the delete, which the unwrap drops.
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).equals(List.of(index)),
        TIMEOUT.toMillis(),
        () -> "not promoted with max.lag 0: " + elasticsearch.aliasHolders(topic));
  }

  private void awaitDocument(
      String index, String id, java.util.function.Predicate<JsonNode> condition)
      throws InterruptedException {
    TestUtils.waitForCondition(
        () -> {
          Elasticsearch.Document document = elasticsearch.documents(index).get(id);
          return document != null && condition.test(document.source());
        },
        TIMEOUT.toMillis(),
        () -> "document " + id + " of " + index + ": " + elasticsearch.documents(index).get(id));
  }
}
