package dev.unbundled.search.tool.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.tool.ToolException;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.connect.FakeConnect;
import dev.unbundled.search.tool.session.FakeIndexes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The rebuild's checks and creation, against an in-memory Connect and cluster. */
class ReindexTest {

  private static final String V1_MAPPINGS =
      "{\"properties\": {\"title\": {\"type\": \"text\"}, \"description\": {\"type\": \"text\","
          + " \"index\": false}}}";
  private static final String V2_MAPPINGS =
      "{\"properties\": {\"title\": {\"type\": \"text\"}, \"description\": {\"type\": \"text\"}}}";

  private final FakeConnect connect = new FakeConnect();
  private final FakeIndexes cluster = new FakeIndexes();
  private final Reindex reindex = new Reindex(new ConnectClient(connect), cluster);

  private static Map<String, String> v1() {
    Map<String, String> config = new TreeMap<>();
    config.put("connector.class", ConnectClient.CONNECTOR_CLASS);
    config.put("topics", "orders");
    config.put("connection.url", "http://localhost:9200");
    config.put("connection.password", "s3cret-v1");
    config.put("index.version", "1");
    config.put("index.mappings", V1_MAPPINGS);
    return config;
  }

  private static ConfigOverrides set(String... pairs) {
    Map<String, String> set = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      set.put(pairs[i], pairs[i + 1]);
    }
    return new ConfigOverrides(set, Set.of());
  }

  @Test
  void theNewConnectorIsTheOldConfigurationWithOnlyTheIntendedChanges() throws Exception {
    connect.with("orders-search-v1", v1());
    cluster.owned("orders-v1", "orders-search-v1", "orders", 1);

    Reindex.Prepared prepared =
        reindex.prepare(
            "orders-search-v1",
            set("index.mappings", V2_MAPPINGS, "alias.preview.name.format", "orders-preview"),
            null);

    assertThat(prepared.ok()).as("%s %s", prepared.errors(), prepared.refusals()).isTrue();
    assertThat(prepared.plan().to()).isEqualTo("orders-search-v2");
    assertThat(prepared.plan().toVersion()).isEqualTo(2);
    assertThat(prepared.indexes()).containsExactly("orders-v2");
    Map<String, String> expected = new TreeMap<>(v1());
    expected.put("name", "orders-search-v2");
    expected.put("index.version", "2");
    expected.put("index.mappings", V2_MAPPINGS);
    expected.put("alias.preview.name.format", "orders-preview");
    assertThat(prepared.plan().newConfig()).isEqualTo(expected);
    assertThat(prepared.changes())
        .extracting(ConfigDiff.Change::key)
        .containsExactly("alias.preview.name.format", "index.mappings", "index.version", "name");
    assertThat(prepared.changes().get(1).details())
        .containsExactly("- properties.description.index: false");
    assertThat(connect.changes())
        .as("nothing created while preparing")
        .allMatch(r -> r.startsWith("PUT /connector-plugins/"));

    assertThat(reindex.create(prepared)).isTrue();

    assertThat(connect.created).hasSize(1);
    assertThat(connect.created.get(0).path("name").asText()).isEqualTo("orders-search-v2");
    assertThat(new ObjectMapper().convertValue(connect.created.get(0).path("config"), Map.class))
        .isEqualTo(expected);
  }

  @Test
  void everyValidationErrorIsShownPerKeyAndNoIndexIsLookedAt() throws Exception {
    connect.with("orders-search-v1", v1());
    connect.validator =
        config ->
            config.get("index.mappings").startsWith("{")
                ? Map.of()
                : Map.of("index.mappings", List.of("Invalid value: not a JSON object"));

    Reindex.Prepared prepared =
        reindex.prepare(
            "orders-search-v1",
            set("index.mappings", "properties: title", "alias.promotoin", "manual"),
            null);

    assertThat(prepared.ok()).isFalse();
    assertThat(prepared.errors())
        .containsEntry("index.mappings", List.of("Invalid value: not a JSON object"))
        .containsKey("alias.promotoin");
    assertThat(prepared.errors().get("alias.promotoin").get(0))
        .contains("unknown key")
        .contains("did you mean alias.promotion?");
    assertThat(ReindexReport.refusal(prepared))
        .contains("  - index.mappings: Invalid value: not a JSON object")
        .last()
        .isEqualTo("Nothing was created.");
    assertThat(cluster.opened).isZero();
  }

  @Test
  void keysPassedOnToClientsAndConvertersAreNotCalledUnknown() throws Exception {
    connect.with("orders-search-v1", v1());

    Reindex.Prepared prepared =
        reindex.prepare(
            "orders-search-v1",
            set(
                "kafka.admin.security.protocol", "SSL",
                "value.converter.apicurio.registry.url", "http://registry",
                "consumer.override.max.poll.records", "100"),
            null);

    assertThat(prepared.errors()).isEmpty();
  }

  @Test
  void refusesWhenTheNewNameIsTaken() throws Exception {
    connect.with("orders-search-v1", v1()).with("orders-search-v2", v1());

    Reindex.Prepared prepared = reindex.prepare("orders-search-v1", ConfigOverrides.NONE, null);

    assertThat(prepared.refusals())
        .singleElement()
        .asString()
        .contains("orders-search-v2 already exists");
  }

  @Test
  void refusesWhenTheTargetIndexBelongsToAnotherConnector() throws Exception {
    connect.with("orders-search-v1", v1());
    cluster.owned("orders-v2", "orders-experiment", "orders", 2);

    Reindex.Prepared prepared = reindex.prepare("orders-search-v1", ConfigOverrides.NONE, null);

    assertThat(prepared.ok()).isFalse();
    assertThat(prepared.refusals())
        .singleElement()
        .asString()
        .contains("index orders-v2 already exists and belongs to connector orders-experiment")
        .contains("--set index.version=");
  }

  @Test
  void refusesAnIndexNameWithoutTheVersion() throws Exception {
    Map<String, String> config = v1();
    config.put("index.name.format", "orders-index");
    connect.with("orders-search-v1", config);
    cluster.owned("orders-index", "orders-search-v1", "orders", 1);

    Reindex.Prepared prepared = reindex.prepare("orders-search-v1", ConfigOverrides.NONE, null);

    assertThat(prepared.refusals())
        .singleElement()
        .asString()
        .contains("belongs to connector orders-search-v1")
        .contains("index.name.format must contain ${version}");
  }

  @Test
  void refusesTheMarkerOfADeletedIndexAndWarnsAboutOnesItWouldAdoptOrContinue() throws Exception {
    Map<String, String> config = v1();
    config.put("topics", "orders,invoices,refunds");
    connect.with("orders-search-v1", config);
    cluster.lostMarker("orders-v2", "someone");
    cluster.unowned("invoices-v2");
    cluster.owned("refunds-v2", "orders-search-v2", "refunds", 2);

    Reindex.Prepared prepared = reindex.prepare("orders-search-v1", ConfigOverrides.NONE, null);

    assertThat(prepared.refusals()).singleElement().asString().contains("orders-v2 is the marker");
    assertThat(prepared.warnings())
        .anySatisfy(w -> assertThat(w).contains("invoices-v2 exists without an owner"))
        .anySatisfy(w -> assertThat(w).contains("refunds-v2 already belongs to orders-search-v2"));
  }

  @Test
  void topicsOfTheOldConnectorsIndexesAreCheckedWhenTopicsComeFromARegex() throws Exception {
    Map<String, String> config = v1();
    config.remove("topics");
    config.put("topics.regex", "shop\\..*");
    connect.with("shop-search-v1", config);
    cluster.owned("shop.orders-v1", "shop-search-v1", "shop.orders", 1);
    cluster.owned("shop.orders-v2", "somebody", "shop.orders", 2);

    Reindex.Prepared prepared = reindex.prepare("shop-search-v1", ConfigOverrides.NONE, null);

    assertThat(prepared.indexes()).containsExactly("shop.orders-v2");
    assertThat(prepared.refusals())
        .singleElement()
        .asString()
        .contains("belongs to connector somebody");
    assertThat(prepared.warnings()).anySatisfy(w -> assertThat(w).contains("topics.regex"));
  }

  @Test
  void indexesOfTopicsTheNewConnectorNoLongerReadsAreNotItsTargets() throws Exception {
    connect.with("orders-search-v1", v1());
    cluster.owned("orders-v1", "orders-search-v1", "orders", 1);
    cluster.owned("orders-v2", "somebody", "orders", 2);

    Reindex.Prepared prepared =
        reindex.prepare("orders-search-v1", set("topics", "orders-compacted"), null);

    assertThat(prepared.indexes()).containsExactly("orders-compacted-v2");
    assertThat(prepared.refusals()).isEmpty();
  }

  @Test
  void refusesAVersionThatWouldNeverBePromoted() throws Exception {
    Map<String, String> config = v1();
    config.put("index.version", "3");
    connect.with("orders-search-v3", config);

    Reindex.Prepared prepared =
        reindex.prepare("orders-search-v3", set("index.version", "2"), "orders-search-old");

    assertThat(prepared.refusals())
        .anySatisfy(
            r -> assertThat(r).contains("index.version 2 is not above orders-search-v3's 3"));
  }

  @Test
  void refusesAConsumerGroupSharedWithTheOldConnector() throws Exception {
    Map<String, String> config = v1();
    config.put("consumer.override.group.id", "orders-sink");
    connect.with("orders-search-v1", config);

    Reindex.Prepared prepared = reindex.prepare("orders-search-v1", ConfigOverrides.NONE, null);

    assertThat(prepared.refusals())
        .singleElement()
        .asString()
        .contains("share the consumer group orders-sink")
        .contains("offset zero");
    assertThat(
            reindex
                .prepare(
                    "orders-search-v1", set("consumer.override.group.id", "orders-sink-v2"), null)
                .refusals())
        .isEmpty();
  }

  @Test
  void aBlankGroupOverrideIsNoSharedGroup() throws Exception {
    Map<String, String> config = v1();
    config.put("consumer.override.group.id", " ");
    connect.with("orders-search-v1", config);

    Reindex.Prepared prepared = reindex.prepare("orders-search-v1", ConfigOverrides.NONE, null);

    // The connector reads connect-orders-search-v1 and connect-orders-search-v2 for these
    // configurations (CommittedOffsets.groupId): two groups, so nothing to refuse.
    assertThat(prepared.refusals()).isEmpty();
  }

  @Test
  void retireNamesTheGroupTheConnectorCommitsTo() throws Exception {
    for (Map<String, String> overrides :
        List.of(
            Map.<String, String>of(),
            Map.of("consumer.override.group.id", ""),
            Map.of("consumer.override.group.id", "orders-sink"))) {
      Map<String, String> config = new TreeMap<>(v1());
      config.putAll(overrides);
      config.put("name", "orders-search-v1");
      Retire.Plan plan = new Retire.Plan("orders-search-v1", config, List.of(), Map.of(), true);

      assertThat(plan.steps())
          .contains(
              "delete its committed offsets (consumer group "
                  + dev.unbundled.search.connector.offset.CommittedOffsets.groupId(config)
                  + ")");
    }
  }

  @Test
  void secretsAreHiddenInTheChanges() throws Exception {
    connect.with("orders-search-v1", v1());

    Reindex.Prepared prepared =
        reindex.prepare("orders-search-v1", set("connection.password", "n3w-s3cret"), null);

    assertThat(prepared.changes())
        .filteredOn(change -> change.key().equals("connection.password"))
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.before()).isEqualTo("[hidden]");
              assertThat(change.after()).isEqualTo("[hidden]");
            });
    assertThat(String.join("\n", ReindexReport.plan(prepared)))
        .doesNotContain("s3cret-v1")
        .doesNotContain("n3w-s3cret");
    assertThat(prepared.plan().newConfig()).containsEntry("connection.password", "n3w-s3cret");
  }

  @Test
  void aSecretThatConnectHidesCannotBeCopiedAndMustBeGivenAgain() throws Exception {
    Map<String, String> config = v1();
    config.put("connection.password", "[hidden]");
    connect.with("orders-search-v1", config);

    assertThat(reindex.prepare("orders-search-v1", ConfigOverrides.NONE, null).refusals())
        .singleElement()
        .asString()
        .contains("hides the value of connection.password")
        .contains("--set connection.password=");
    assertThat(
            reindex
                .prepare("orders-search-v1", set("connection.password", "given-again"), null)
                .refusals())
        .isEmpty();
  }

  @Test
  void aConnectorThatIsMissingOrNotOursCannotBeRebuilt() {
    Map<String, String> other = v1();
    other.put("connector.class", "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector");
    connect.with("confluent-v1", other);

    assertThatThrownBy(() -> reindex.prepare("nope-v1", ConfigOverrides.NONE, null))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("no connector 'nope-v1'");
    assertThatThrownBy(() -> reindex.prepare("confluent-v1", ConfigOverrides.NONE, null))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("ElasticsearchSinkConnector");
  }

  @Test
  void aNameTakenSinceTheChecksIsReportedNotOverwritten() throws Exception {
    connect.with("orders-search-v1", v1());
    Reindex.Prepared prepared = reindex.prepare("orders-search-v1", ConfigOverrides.NONE, null);
    connect.with("orders-search-v2", Map.of("connector.class", "x"));

    assertThat(reindex.create(prepared)).isFalse();
    assertThat(connect.configs.get("orders-search-v2")).containsEntry("connector.class", "x");
  }
}
