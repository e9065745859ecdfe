package dev.unbundled.search.it;

import static dev.unbundled.search.it.harness.DeadLetters.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The schema changes a source makes mid-stream (issue 24), as a CDC source with the JsonConverter
 * writes them, each record carrying its schema: a column widened from int to bigint takes a value
 * past 2<sup>31</sup>, an added column joins the derived mapping with its derived type, a dropped
 * column is no longer written, and a column whose type changes to one the mapping cannot hold is
 * that record's failure, in the dead-letter queue with the remedy, while later records go on.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class SchemaChangesIT extends SharedStackTest {

  private static final String ID = "{\"field\":\"id\",\"type\":\"int32\",\"optional\":false}";
  private static final String NAME = "{\"field\":\"name\",\"type\":\"string\",\"optional\":true}";
  private static final String LEGACY =
      "{\"field\":\"legacy\",\"type\":\"string\",\"optional\":true}";
  private static final String RESTOCKED_AT =
      "{\"field\":\"restocked_at\",\"type\":\"int64\",\"optional\":true,"
          + "\"name\":\"io.debezium.time.MicroTimestamp\",\"version\":1}";

  SchemaChangesIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  private static String stock(String type) {
    return "{\"field\":\"stock\",\"type\":\"" + type + "\",\"optional\":false}";
  }

  /** A value as the JsonConverter with schemas writes it: the schema's fields, then the payload. */
  private static String row(List<String> fields, String payload) {
    return "{\"schema\":{\"type\":\"struct\",\"name\":\"shop.public.items.Value\","
        + "\"optional\":false,\"fields\":["
        + String.join(",", fields)
        + "]},\"payload\":"
        + payload
        + "}";
  }

  @Test
  void widenedAddedAndDroppedColumnsConvergeAndAnIncompatibleChangeIsThatRecordsFailure()
      throws Exception {
    String topic = TestNames.unique("shop.public.items");
    String dlq = topic + "-dlq";
    connect.kafka().createTopic(topic, 1);
    connect.kafka().createTopic(dlq, 1);
    List<String> v1 = List.of(ID, NAME, stock("int32"), LEGACY);
    // ALTER TABLE items ALTER COLUMN stock TYPE bigint
    List<String> v2 = List.of(ID, NAME, stock("int64"), LEGACY);
    // ALTER TABLE items ADD COLUMN restocked_at timestamp
    List<String> v3 = List.of(ID, NAME, stock("int64"), LEGACY, RESTOCKED_AT);
    // ALTER TABLE items DROP COLUMN legacy
    List<String> v4 = List.of(ID, NAME, stock("int64"), RESTOCKED_AT);
    // ALTER TABLE items ALTER COLUMN stock TYPE text
    List<String> v5 = List.of(ID, NAME, stock("string"), RESTOCKED_AT);
    List<Kafka.Produced> produced =
        Kafka.produce(
            connect,
            topic,
            List.of(
                new SimpleEntry<>(
                    "1", row(v1, "{\"id\":1,\"name\":\"anvil\",\"stock\":5,\"legacy\":\"x\"}")),
                new SimpleEntry<>(
                    "2",
                    row(v2, "{\"id\":2,\"name\":\"bolt\",\"stock\":3000000000,\"legacy\":\"y\"}")),
                new SimpleEntry<>(
                    "3",
                    row(
                        v3,
                        "{\"id\":3,\"name\":\"clamp\",\"stock\":7,\"legacy\":\"z\","
                            + "\"restocked_at\":1709633730250001}")),
                new SimpleEntry<>(
                    "4",
                    row(
                        v4,
                        "{\"id\":4,\"name\":\"drill\",\"stock\":8,"
                            + "\"restocked_at\":1709633730000000}")),
                new SimpleEntry<>(
                    "5",
                    row(
                        v5,
                        "{\"id\":5,\"name\":\"easel\",\"stock\":\"abc\",\"restocked_at\":null}")),
                // Later good records, of the last schema the index can hold.
                new SimpleEntry<>(
                    "6", row(v4, "{\"id\":6,\"name\":\"file\",\"stock\":9,\"restocked_at\":null}")),
                new SimpleEntry<>(
                    "1",
                    row(
                        v4,
                        "{\"id\":1,\"name\":\"anvil\",\"stock\":4000000000,"
                            + "\"restocked_at\":null}"))));

    Map<String, String> config =
        SinkConfigs.withDeadLetterQueue(
            SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1), dlq);
    config.put("value.converter.schemas.enable", "true");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    String index = topic + "-v1";
    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(index);
    assertThat(documents).containsOnlyKeys("1", "2", "3", "4", "6");
    assertThat(documents.get("2").source().get("stock").asLong()).isEqualTo(3_000_000_000L);
    assertThat(documents.get("1").source().get("stock").asLong()).isEqualTo(4_000_000_000L);
    assertThat(documents.get("3").source().get("restocked_at").asText())
        .isEqualTo("2024-03-05T10:15:30.250001Z");
    assertThat(documents.get("3").source().get("legacy").asText()).isEqualTo("z");
    assertThat(documents.get("4").source().has("legacy"))
        .as("a dropped column is not written in newer documents")
        .isFalse();

    JsonNode properties = elasticsearch.mappingProperties(index);
    assertThat(properties.path("id").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("stock").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("restocked_at").path("type").asText())
        .as("an added column joins the mapping with its derived type, not dynamic mapping's long")
        .isEqualTo("date");
    // The widened values are numbers in the index: a range query past 2^31 finds them.
    JsonNode hits =
        elasticsearch.post(
            "/" + index + "/_search",
            "{\"query\":{\"range\":{\"stock\":{\"gt\":2147483647}}},\"sort\":[\"id\"]}");
    assertThat(hits.path("hits").path("hits"))
        .extracting(hit -> hit.get("_id").asText())
        .containsExactly("1", "2");

    ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(1, 30_000, dlq);
    assertThat(dead.count()).isEqualTo(1);
    ConsumerRecord<byte[], byte[]> letter = dead.iterator().next();
    assertThat(header(letter, "__connect.errors.offset")).isEqualTo("4");
    assertThat(header(letter, "__connect.errors.exception.message"))
        .contains("topic '" + topic + "' partition 0 offset 4")
        .contains("field 'stock' is mapped as [long]")
        .contains("the record's schema needs [text]")
        .contains("search-sink reindex " + connector + " --set index.mappings=@mappings.json");
  }
}
