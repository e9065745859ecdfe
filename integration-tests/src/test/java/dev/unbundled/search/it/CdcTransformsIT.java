package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;

/** The plugin's transforms in front of the sink, on Debezium-shaped change events. */
class CdcTransformsIT extends SharedStackTest {

  private static final String ROW =
      "\"type\":\"struct\",\"optional\":true,\"name\":\"shop.public.items.Value\",\"fields\":["
          + "{\"field\":\"id\",\"type\":\"int32\",\"optional\":false},"
          + "{\"field\":\"name\",\"type\":\"string\",\"optional\":true},"
          + "{\"field\":\"qty\",\"type\":\"int32\",\"optional\":true},"
          + "{\"field\":\"tenant\",\"type\":\"string\",\"optional\":true}]";
  private static final String ENVELOPE_SCHEMA =
      "{\"type\":\"struct\",\"name\":\"shop.public.items.Envelope\",\"optional\":false,\"fields\":["
          + "{\"field\":\"before\","
          + ROW
          + "},{\"field\":\"after\","
          + ROW
          + "},{\"field\":\"source\",\"type\":\"struct\",\"optional\":false,\"fields\":["
          + "{\"field\":\"table\",\"type\":\"string\",\"optional\":false},"
          + "{\"field\":\"lsn\",\"type\":\"int64\",\"optional\":true}]},"
          + "{\"field\":\"op\",\"type\":\"string\",\"optional\":false},"
          + "{\"field\":\"ts_ms\",\"type\":\"int64\",\"optional\":true}]}";
  private static final String KEY_SCHEMA =
      "{\"type\":\"struct\",\"name\":\"shop.public.items.Key\",\"optional\":false,"
          + "\"fields\":[{\"field\":\"id\",\"type\":\"int32\",\"optional\":false}]}";

  CdcTransformsIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  private record Row(int id, String name, int qty, String tenant) {
    String json() {
      return "{\"id\":"
          + id
          + ",\"name\":\""
          + name
          + "\",\"qty\":"
          + qty
          + ",\"tenant\":\""
          + tenant
          + "\"}";
    }
  }

  private static String key(int id) {
    return "{\"schema\":" + KEY_SCHEMA + ",\"payload\":{\"id\":" + id + "}}";
  }

  private static String event(String op, Row before, Row after, long lsn) {
    return "{\"schema\":"
        + ENVELOPE_SCHEMA
        + ",\"payload\":{\"before\":"
        + (before == null ? "null" : before.json())
        + ",\"after\":"
        + (after == null ? "null" : after.json())
        + ",\"source\":{\"table\":\"items\",\"lsn\":"
        + lsn
        + "},\"op\":\""
        + op
        + "\",\"ts_ms\":"
        + (1_700_000_000_000L + lsn)
        + "}}";
  }

  /** Snapshot reads, then creates, updates and deletes (each delete followed by a tombstone). */
  private static List<Map.Entry<String, String>> changeEvents(Map<Integer, Row> table) {
    Random random = new Random(5);
    List<Map.Entry<String, String>> events = new ArrayList<>();
    long lsn = 0;
    for (int id = 1; id <= 200; id++) {
      Row row = new Row(id, "item " + id, id % 10, "tenant-" + (id % 3));
      table.put(id, row);
      events.add(new SimpleEntry<>(key(id), event("r", null, row, lsn++)));
    }
    int nextId = 201;
    for (int i = 0; i < 1_500; i++) {
      int choice = random.nextInt(10);
      if (choice == 0) {
        Row row = new Row(nextId, "new " + nextId, 1, "tenant-" + (nextId % 3));
        table.put(nextId, row);
        events.add(new SimpleEntry<>(key(nextId), event("c", null, row, lsn++)));
        nextId++;
      } else if (choice == 1 && !table.isEmpty()) {
        int id = new ArrayList<>(table.keySet()).get(random.nextInt(table.size()));
        Row before = table.remove(id);
        events.add(new SimpleEntry<>(key(id), event("d", before, null, lsn++)));
        events.add(new SimpleEntry<>(key(id), null));
      } else if (!table.isEmpty()) {
        int id = new ArrayList<>(table.keySet()).get(random.nextInt(table.size()));
        Row before = table.get(id);
        Row after = new Row(id, before.name(), random.nextInt(1_000), before.tenant());
        table.put(id, after);
        events.add(new SimpleEntry<>(key(id), event("u", before, after, lsn++)));
      }
    }
    return events;
  }

  private Map<String, String> cdcSink(String topic) {
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 2);
    config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("key.converter.schemas.enable", "true");
    config.put("value.converter.schemas.enable", "true");
    config.put("transforms", "unwrap,id");
    config.put("transforms.unwrap.type", "dev.unbundled.search.transforms.CdcUnwrap");
    config.put("transforms.unwrap.metadata.fields", "source.table");
    config.put("transforms.id.type", "dev.unbundled.search.transforms.DocumentIdFromFields$Value");
    config.put("transforms.id.fields", "id");
    return config;
  }

  @Test
  void unwrappedChangeEventsLeaveTheIndexEqualToTheTable() throws Exception {
    String topic = TestNames.unique("shop.public.items");
    connect.kafka().createTopic(topic, 3);
    Map<Integer, Row> table = new HashMap<>();
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, changeEvents(table));

    String connector = startConnector(cdcSink(topic));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    Map<String, Elasticsearch.Document> documents = elasticsearch.documents(topic + "-v1");
    assertThat(documents.keySet())
        .isEqualTo(
            table.keySet().stream()
                .map(String::valueOf)
                .collect(java.util.stream.Collectors.toSet()));
    table.forEach(
        (id, row) -> {
          JsonNode source = documents.get(String.valueOf(id)).source();
          assertThat(source.get("qty").asInt()).as("qty of %s", id).isEqualTo(row.qty());
          assertThat(source.get("name").asText()).isEqualTo(row.name());
          assertThat(source.get("__source_table").asText()).isEqualTo("items");
          assertThat(source.has("op")).isFalse();
        });
    assertVerifyMatches(connector);
  }

  /** The status tool, applying the same transforms, agrees: its oracle and ours match. */
  private void assertVerifyMatches(String connector) throws Exception {
    StatusTool.Result verify = new StatusTool(connect).run("verify", connector);
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).endsWith("MATCH\n");
  }

  @Test
  void routingByTenantWritesOneIndexPerTenantAndStillCommitsTheSourceTopic() throws Exception {
    String topic = TestNames.unique("shop.public.items");
    connect.kafka().createTopic(topic, 2);
    Map<Integer, Row> table = new HashMap<>();
    List<Map.Entry<String, String>> events = new ArrayList<>();
    for (int id = 1; id <= 90; id++) {
      Row row = new Row(id, "item " + id, id, "Tenant-" + (id % 3));
      table.put(id, row);
      events.add(new SimpleEntry<>(key(id), event("c", null, row, id)));
    }
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, events);

    Map<String, String> config = cdcSink(topic);
    config.put("transforms", "unwrap,id,route");
    config.put("transforms.route.type", "dev.unbundled.search.transforms.RouteByField");
    config.put("transforms.route.field", "tenant");
    config.put("transforms.route.topic.format", "${topic}-${field}");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    for (int tenant = 0; tenant < 3; tenant++) {
      String index = topic + "-tenant-" + tenant + "-v1";
      assertThat(elasticsearch.count(index)).as(index).isEqualTo(30);
    }
    assertVerifyMatches(connector);
  }
}
