package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Documents routed by a field of the record key ({@code routing.field=key.tenant}) into an index
 * that requires routing and spreads each routing value over a partition of its shards: every write
 * and delete reaches its document, a search with the routing finds a tenant's documents, and the
 * status tool's {@code status} and {@code verify} work on the routed index.
 */
@Tag(Engine.TAG_ELASTICSEARCH_9)
@Tag(Engine.TAG_OPENSEARCH_2)
class RoutingIT extends SharedStackTest {

  RoutingIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  private static String key(String tenant, int id) {
    return "{\"tenant\":\"" + tenant + "\",\"id\":" + id + "}";
  }

  private static String value(String tenant, int id, int revision) {
    return "{\"tenant\":\"" + tenant + "\",\"id\":" + id + ",\"revision\":" + revision + "}";
  }

  @Test
  void writesAndDeletesReachTheirDocumentsUnderTheRoutingOfTheKey() throws Exception {
    String topic = TestNames.unique("tenants");
    String index = topic + "-v1";
    connect.kafka().createTopic(topic, 2);
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int id = 0; id < 30; id++) {
      String tenant = "tenant-" + (id % 3);
      records.add(new SimpleEntry<>(key(tenant, id), value(tenant, id, 1)));
    }
    for (int id = 0; id < 30; id += 5) {
      String tenant = "tenant-" + (id % 3);
      records.add(new SimpleEntry<>(key(tenant, id), value(tenant, id, 2)));
    }
    for (int id = 1; id < 30; id += 7) {
      records.add(new SimpleEntry<>(key("tenant-" + (id % 3), id), null));
    }
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, records);

    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 2);
    config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("key.converter.schemas.enable", "false");
    config.put("routing.field", "key.tenant");
    config.put(
        "index.settings",
        "{\"index.number_of_shards\": 4, \"index.routing_partition_size\": 2,"
            + " \"index.number_of_replicas\": 0}");
    config.put(
        "index.mappings",
        "{\"_routing\": {\"required\": true}, \"properties\": {\"tenant\": {\"type\": \"keyword\"},"
            + " \"id\": {\"type\": \"integer\"}, \"revision\": {\"type\": \"integer\"}}}");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(1));

    // Latest state: 30 rows less the deleted ones (ids 1, 8, 15, 22, 29).
    elasticsearch.refresh(index);
    JsonNode hits =
        elasticsearch
            .post("/" + index + "/_search?size=100", "{\"query\":{\"match_all\":{}}}")
            .path("hits")
            .path("hits");
    TreeSet<Integer> ids = new TreeSet<>();
    String id7 = null;
    for (JsonNode hit : hits) {
      String tenant = hit.path("_source").path("tenant").asText();
      int id = hit.path("_source").path("id").asInt();
      ids.add(id);
      if (id == 7) {
        id7 = URLEncoder.encode(hit.path("_id").asText(), StandardCharsets.UTF_8);
      }
      assertThat(hit.path("_routing").asText()).as("routing of %s", id).isEqualTo(tenant);
      assertThat(hit.path("_source").path("revision").asInt()).isEqualTo(id % 5 == 0 ? 2 : 1);
    }
    assertThat(ids).hasSize(25).doesNotContain(1, 8, 15, 22, 29);

    // Routing is required: a get without it is refused, a get with it finds the document.
    String path = "/" + index + "/_doc/" + id7;
    assertThatThrownBy(() -> elasticsearch.get(path))
        .hasMessageContaining("routing_missing_exception");
    assertThat(elasticsearch.get(path + "?routing=tenant-1").path("found").asBoolean()).isTrue();

    // A search with the routing asks only that tenant's shards, and finds all its documents.
    JsonNode tenant2 =
        elasticsearch.post(
            "/" + index + "/_search?size=100&routing=tenant-2",
            "{\"query\":{\"term\":{\"tenant\":\"tenant-2\"}}}");
    // The routing value's partition of the shards: at most routing_partition_size of the four.
    assertThat(tenant2.path("_shards").path("total").asInt()).isBetween(1, 2);
    assertThat(tenant2.path("hits").path("total").path("value").asInt())
        .isEqualTo(ids.stream().filter(id -> id % 3 == 2).count());

    StatusTool tool = new StatusTool(connect);
    StatusTool.Result verify = tool.run("verify", connector);
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    TestUtils.waitForCondition(
        () -> {
          StatusTool.Result status = tool.run("status", connector, "--json", "--interval=0.2");
          return status.exitCode() == 0 && status.out().contains("\"documents\":25,");
        },
        30_000,
        "status never counted the routed documents");
  }
}
