package dev.unbundled.search.it;

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
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rows shaped as Debezium writes them (JsonConverter with schemas: struct keys, decimals, Debezium
 * time types) land with the right ids, exact numbers and real dates.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class DebeziumTopicIT extends SharedStackTest {

  private static final String KEY_SCHEMA =
      """
      {"type":"struct","name":"shop.public.orders.Key","optional":false,
       "fields":[{"field":"id","type":"int32","optional":false}]}""";

  private static final String VALUE_SCHEMA =
      """
      {"type":"struct","name":"shop.public.orders.Value","optional":true,"fields":[
        {"field":"id","type":"int32","optional":false},
        {"field":"name","type":"string","optional":true},
        {"field":"price","type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal",
         "version":1,"parameters":{"scale":"2","connect.decimal.precision":"10"}},
        {"field":"created_at","type":"int64","optional":false,"name":"io.debezium.time.MicroTimestamp","version":1},
        {"field":"ship_date","type":"int32","optional":true,"name":"io.debezium.time.Date","version":1},
        {"field":"updated_at","type":"string","optional":true,"name":"io.debezium.time.ZonedTimestamp","version":1}
      ]}""";

  DebeziumTopicIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  private static String key(int id) {
    return "{\"schema\":" + KEY_SCHEMA + ",\"payload\":{\"id\":" + id + "}}";
  }

  private static String row(int id, String name, String base64Price, long createdMicros, int day) {
    return "{\"schema\":"
        + VALUE_SCHEMA
        + ",\"payload\":{\"id\":"
        + id
        + ",\"name\":\""
        + name
        + "\",\"price\":\""
        + base64Price
        + "\",\"created_at\":"
        + createdMicros
        + ",\"ship_date\":"
        + day
        + ",\"updated_at\":\"2024-03-05T10:15:30+01:00\"}}";
  }

  @Test
  void structKeysDecimalsAndDebeziumTimesLandAsIdsNumbersAndDates() throws Exception {
    String topic = TestNames.unique("shop.public.orders");
    connect.kafka().createTopic(topic, 2);
    // 12345 and -1 as two's complement big-endian bytes, base64: 123.45 and -0.01 at scale 2.
    List<Map.Entry<String, String>> records =
        List.of(
            new SimpleEntry<>(key(42), row(42, "Widget", "MDk=", 1_709_633_730_250_001L, 19_787)),
            new SimpleEntry<>(key(7), row(7, "Gadget", "/w==", 0L, 0)),
            new SimpleEntry<>(key(8), row(8, "Gone", "AQ==", 1L, 1)),
            new SimpleEntry<>(key(8), null));
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, records);

    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("key.converter.schemas.enable", "true");
    config.put("value.converter.schemas.enable", "true");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    String index = topic + "-v1";
    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(index);
    assertThat(documents).containsOnlyKeys("42", "7");
    JsonNode widget = documents.get("42").source();
    assertThat(widget.get("price").decimalValue()).isEqualByComparingTo("123.45");
    assertThat(widget.get("created_at").asText()).isEqualTo("2024-03-05T10:15:30.250001Z");
    assertThat(widget.get("ship_date").asText()).isEqualTo("2024-03-05");
    assertThat(widget.get("updated_at").asText()).isEqualTo("2024-03-05T10:15:30+01:00");
    JsonNode gadget = documents.get("7").source();
    assertThat(gadget.get("price").decimalValue()).isEqualByComparingTo("-0.01");
    assertThat(gadget.get("created_at").asText()).isEqualTo("1970-01-01T00:00:00Z");

    JsonNode properties = elasticsearch.mappingProperties(index);
    assertThat(properties.path("created_at").path("type").asText()).isEqualTo("date");
    assertThat(properties.path("ship_date").path("type").asText()).isEqualTo("date");
    assertThat(properties.path("updated_at").path("type").asText()).isEqualTo("date");
    assertThat(properties.path("price").path("type").asText()).isEqualTo("double");
    assertThat(properties.path("id").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("name").path("fields").path("keyword").path("type").asText())
        .isEqualTo("keyword");

    // Dates are dates: a range query finds the 2024 order and not the 1970 one.
    JsonNode hits =
        elasticsearch.post(
            "/" + index + "/_search",
            "{\"query\":{\"range\":{\"created_at\":{\"gte\":\"2024-01-01\"}}}}");
    assertThat(hits.path("hits").path("hits"))
        .singleElement()
        .satisfies(hit -> assertThat(hit.get("_id").asText()).isEqualTo("42"));
  }
}
