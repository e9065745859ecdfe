package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.LiveLoad;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild through the tool, as an operator runs it: {@code reindex} makes v2 from v1's own
 * configuration with only the intended change, it builds while v1 serves and writes keep coming,
 * takes the alias without a gap for readers; {@code retire} then removes v1 and only v1's index.
 */
class ReindexIT extends SharedStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V1_MAPPINGS =
      "{\"properties\": {\"status\": {\"type\": \"keyword\"},"
          + " \"customer\": {\"properties\": {\"name\": {\"type\": \"keyword\"}}}}}";

  /** The new mapping as a person writes it in a file: several lines, a final line break. */
  private static final String V2_MAPPINGS_FILE =
      """
      {
        "properties": {
          "status": {"type": "keyword"},
          "customer": {"properties": {"name": {"type": "text"}}}
        }
      }
      """;

  private final StatusTool tool;

  @TempDir Path dir;

  ReindexIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
    this.tool = new StatusTool(connect);
  }

  /** Connector {@code <topic>-search-v1}, running, with v1's mapping. */
  private String startV1(String topic) throws InterruptedException {
    String v1 = topic + "-search-v1";
    deleteAfterTest(v1);
    deleteAfterTest(topic + "-search-v2");
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("index.mappings", V1_MAPPINGS);
    connect.configureConnector(v1, config);
    connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(v1, 1, "v1 did not start");
    return v1;
  }

  private void awaitAlias(String alias, String index) throws InterruptedException {
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(alias).equals(List.of(index)),
        90_000,
        "alias " + alias + " never pointed at " + index);
  }

  @Test
  void reindexUnderLiveWritesMakesV2FromV1WithOnlyTheNewMappingAndMovesReadersWithoutAGap()
      throws Exception {
    String topic = TestNames.unique("reindex");
    connect.kafka().createTopic(topic, 2);
    List<Kafka.Produced> produced =
        new CopyOnWriteArrayList<>(
            Kafka.produce(connect, topic, ChangeLog.random(500, 5_000, 10, 190)));
    String v1 = startV1(topic);
    String v2 = topic + "-search-v2";
    awaitAlias(topic, topic + "-v1");
    Map<String, String> v1Config = connect.connectorInfo(v1).config();
    Path mappings = Files.writeString(dir.resolve("v2-mappings.json"), V2_MAPPINGS_FILE);

    LiveLoad load =
        LiveLoad.start(connect, topic, produced, 500, 100, Duration.ofMillis(100), elasticsearch);
    StatusTool.Result reindexed;
    try {
      reindexed =
          tool.run(
              "reindex",
              v1,
              "--set",
              "index.mappings=@" + mappings.toAbsolutePath(),
              "--interval=0.5",
              "--timeout=4m");
    } finally {
      load.close();
    }

    assertThat(reindexed.exitCode()).as(reindexed.out() + reindexed.err()).isZero();
    assertThat(reindexed.out())
        .contains(
            "Rebuild of " + v1 + " as " + v2 + " (index.version 1 -> 2), writing " + topic + "-v2.")
        .contains("~ index.mappings (JSON):")
        .contains("~ properties.customer.properties.name.type: \"keyword\" -> \"text\"")
        .contains("~ index.version: 1 -> 2")
        .contains("~ name: " + v1 + " -> " + v2)
        .contains("Kafka Connect validated the new configuration: no errors.")
        .contains("Created connector " + v2 + ".")
        .contains(v2 + " is live.");
    Map<String, String> expected = new TreeMap<>(v1Config);
    expected.put("name", v2);
    expected.put("index.version", "2");
    expected.put("index.mappings", V2_MAPPINGS_FILE.stripTrailing());
    assertThat(new TreeMap<>(connect.connectorInfo(v2).config()))
        .as("v2 is v1 with only the intended differences")
        .isEqualTo(expected);
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v2");
    assertThat(
            elasticsearch
                .get("/" + topic + "-v2/_mapping")
                .at("/" + topic + "-v2/mappings/properties/customer/properties/name/type")
                .asText())
        .isEqualTo("text");

    StatusTool.Result live = tool.run("status", v2, "--until", "live", "--timeout", "30s");
    assertThat(live.exitCode()).as(live.out() + live.err()).isZero();
    assertThat(live.out()).contains(v2 + " is live.");

    assertThat(load.failedReads()).as("reads through the alias that failed").isEmpty();
    assertThat(load.counts()).as("reads through the alias").hasSizeGreaterThan(50);
    assertThat(load.fewestSeen())
        .as("the fewest documents a reader saw (about 450 keys are live)")
        .isGreaterThan(300);
    Kafka.awaitCommitted(connect, v2, Kafka.endOffsets(produced), Duration.ofMinutes(2));
    IndexAssertions.assertIndexHolds(
        elasticsearch, topic + "-v2", ChangeLog.latestLiveRecords(produced));
  }

  @Test
  void validationErrorsAreShownPerKeyAndNothingIsCreated() throws Exception {
    String topic = TestNames.unique("invalid");
    connect.kafka().createTopic(topic, 1);
    String v1 = startV1(topic);
    String v2 = topic + "-search-v2";

    StatusTool.Result invalid =
        tool.run(
            "reindex",
            v1,
            "--set",
            "index.mappings={\"properties\": ",
            "--set",
            "alias.promotoin=manual");

    assertThat(invalid.exitCode()).as(invalid.out() + invalid.err()).isEqualTo(1);
    assertThat(invalid.out())
        .contains("Refusing to create connector " + v2 + ":")
        .contains("  - index.mappings: ")
        .contains("  - alias.promotoin: unknown key")
        .contains("(did you mean alias.promotion?)")
        .endsWith("Nothing was created.\n");
    assertThat(connect.connectors()).doesNotContain(v2);

    StatusTool.Result dryRun = tool.run("reindex", v1, "--dry-run", "--json");
    assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();
    JsonNode plan = JSON.readTree(dryRun.out());
    assertThat(plan.path("dry_run").asBoolean()).isTrue();
    assertThat(plan.path("created").asBoolean()).isFalse();
    assertThat(plan.path("new_connector").asText()).isEqualTo(v2);
    assertThat(plan.path("changes").findValuesAsText("key"))
        .containsExactly("index.version", "name");
    assertThat(connect.connectors()).doesNotContain(v2);

    elasticsearch.put(
        "/" + topic + "-v2",
        "{\"mappings\": {\"_meta\": {\"unbundled_search\": {\"connector\": \"someone-else\","
            + " \"topic\": \""
            + topic
            + "\", \"version\": 2, \"phase\": \"LIVE\"}}}}");
    StatusTool.Result taken = tool.run("reindex", v1, "--no-watch");
    assertThat(taken.exitCode()).as(taken.out() + taken.err()).isEqualTo(1);
    assertThat(taken.out())
        .contains(
            "  - index "
                + topic
                + "-v2 already exists and belongs to connector someone-else (version 2)");
    assertThat(connect.connectors()).doesNotContain(v2);
    assertThat(elasticsearch.ownership(topic + "-v2").path("connector").asText())
        .isEqualTo("someone-else");
    elasticsearch.delete("/" + topic + "-v2");
  }

  @Test
  void retireRefusesWhileV1HoldsTheAliasAndAfterPromotionDeletesV1AndOnlyItsIndex()
      throws Exception {
    String topic = TestNames.unique("retire");
    connect.kafka().createTopic(topic, 1);
    Kafka.produce(connect, topic, ChangeLog.random(100, 500, 10, 191));
    String v1 = startV1(topic);
    String v2 = topic + "-search-v2";
    awaitAlias(topic, topic + "-v1");
    elasticsearch.put("/" + topic + "-v1-by-hand", "{}");

    StatusTool.Result refused = tool.run("retire", v1, "--delete-indexes", "--yes");
    assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
    assertThat(refused.out())
        .contains("Refusing to retire " + v1 + ":")
        .contains("alias " + topic + " points at " + topic + "-v1");
    assertThat(connect.connectors()).contains(v1);
    assertThat(elasticsearch.indexExists(topic + "-v1")).isTrue();

    StatusTool.Result reindexed = tool.run("reindex", v1, "--no-watch");
    assertThat(reindexed.exitCode()).as(reindexed.out() + reindexed.err()).isZero();
    StatusTool.Result live =
        tool.run("status", v2, "--until", "live", "--timeout", "2m", "--interval=0.5");
    assertThat(live.exitCode()).as(live.out() + live.err()).isZero();

    StatusTool.Result declined =
        tool.runWithInput(Map.of(), "n\n", "retire", v1, "--delete-indexes");
    assertThat(declined.exitCode()).as(declined.out() + declined.err()).isEqualTo(1);
    assertThat(declined.out())
        .contains("Retiring " + v1 + ":")
        .contains("  - delete index " + topic + "-v1 (its _meta names " + v1 + ")")
        .contains("Proceed? [y/N]")
        .contains("Not confirmed: nothing changed");
    assertThat(connect.connectors()).contains(v1);

    StatusTool.Result retired = tool.run("retire", v1, "--delete-indexes", "--yes", "--json");
    assertThat(retired.exitCode()).as(retired.out() + retired.err()).isZero();
    JsonNode result = JSON.readTree(retired.out());
    assertThat(result.path("retired").asBoolean()).isTrue();
    assertThat(result.path("offsets_deleted").asBoolean()).isTrue();
    assertThat(result.path("deleted_indexes").findValuesAsText("")).isEmpty();
    assertThat(result.path("deleted_indexes").toString()).isEqualTo("[\"" + topic + "-v1\"]");

    assertThat(connect.connectors()).doesNotContain(v1).contains(v2);
    try (Admin admin = connect.kafka().createAdminClient()) {
      assertThat(
              admin
                  .listConsumerGroupOffsets("connect-" + v1)
                  .partitionsToOffsetAndMetadata()
                  .get(30, TimeUnit.SECONDS))
          .as("v1's committed offsets")
          .isEmpty();
    }
    Thread.sleep(2_000); // no task of v1 is left to write (or to leave a marker) afterwards
    assertThat(elasticsearch.indexExists(topic + "-v1")).isFalse();
    assertThat(elasticsearch.indexExists(topic + "-v1-by-hand")).isTrue();
    assertThat(elasticsearch.indexExists(topic + "-v2")).isTrue();
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v2");
    elasticsearch.delete("/" + topic + "-v1-by-hand");
  }
}
