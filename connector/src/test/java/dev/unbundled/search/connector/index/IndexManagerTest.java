package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.FakeElasticsearch;
import dev.unbundled.search.connector.convert.SchemaMapping;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** How a task makes sure the index it writes to exists and is its own. */
class IndexManagerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WriteTarget TARGET = WriteTarget.of("orders-v2");
  private static final Schema VALUE =
      SchemaBuilder.struct().field("total", Schema.INT64_SCHEMA).build();

  private final FakeElasticsearch elasticsearch = new FakeElasticsearch();
  private final IndexManager manager =
      new IndexManager(
          elasticsearch,
          new IndexManager.Settings(
              "orders-search-v2",
              2,
              IndexSettings.parse("{\"number_of_shards\": 3}"),
              "",
              true,
              false),
          schema -> Optional.of(JSON.createObjectNode().put("derived_from", schema.name())));

  private static JsonNode ownership(String connector, int version) {
    return IndexOwnership.created(connector, "orders", version).toMeta(null);
  }

  private IndexOwnership ownershipOf(String index) {
    return IndexOwnership.fromMeta(elasticsearch.index(index).meta()).orElseThrow();
  }

  @Test
  void aMissingIndexIsCreatedForBuildingWithItsOwnerAndWriteAlias() throws Exception {
    manager.ensureExists(TARGET, "orders", VALUE);

    FakeElasticsearch.Index index = elasticsearch.index("orders-v2");
    assertThat(index.settings().path("index.number_of_shards").asInt()).isEqualTo(3);
    assertThat(index.settings().path("index.refresh_interval").asText()).isEqualTo("-1");
    assertThat(index.settings().path("index.number_of_replicas").asInt()).isZero();
    assertThat(index.aliases()).containsExactly("orders-v2.Writer");
    assertThat(ownershipOf("orders-v2"))
        .satisfies(
            owner -> {
              assertThat(owner.connector()).isEqualTo("orders-search-v2");
              assertThat(owner.version()).isEqualTo(2);
              assertThat(owner.phase()).isEqualTo(Phase.BUILDING);
              assertThat(owner.buildTuned()).isTrue();
            });
  }

  @Test
  void anIndexMadeByHandWithoutOwnerIsAdoptedAndGetsItsWriteAlias() throws Exception {
    ObjectNode othersMeta = JSON.createObjectNode().put("team", "search");
    elasticsearch.createIndex("orders-v2", othersMeta);

    manager.ensureExists(TARGET, "orders", VALUE);

    IndexOwnership owner = ownershipOf("orders-v2");
    assertThat(owner.connector()).isEqualTo("orders-search-v2");
    assertThat(owner.buildTuned())
        .as("its settings are the person's, not build settings")
        .isFalse();
    assertThat(elasticsearch.index("orders-v2").meta().path("team").asText()).isEqualTo("search");
    assertThat(elasticsearch.index("orders-v2").aliases()).containsExactly("orders-v2.Writer");
  }

  @Test
  void anIndexOfAnotherConnectorIsRefusedAndLeftAlone() {
    elasticsearch.createIndex("orders-v2", ownership("orders-search-other", 2));

    assertThatThrownBy(() -> manager.ensureExists(TARGET, "orders", VALUE))
        .isInstanceOf(IndexOwnedElsewhereException.class)
        .hasMessageContaining("orders-search-other");
    assertThat(ownershipOf("orders-v2").connector()).isEqualTo("orders-search-other");
    assertThat(elasticsearch.index("orders-v2").aliases()).isEmpty();
  }

  /** Issue 24: {@code audit} and {@code _audit} both become index {@code audit-v2}. */
  @Test
  void aSecondTopicIsRefusedFromAnIndexThatHoldsAnotherTopicOfTheConnector() throws Exception {
    WriteTarget audit = WriteTarget.of("audit-v2");
    manager.ensureExists(audit, "audit", VALUE);

    assertThatThrownBy(() -> manager.ensureExists(audit, "_audit", VALUE))
        .isInstanceOf(TopicsShareIndexException.class)
        .hasMessageContaining("'audit' and '_audit'")
        .hasMessageContaining("index 'audit-v2'")
        .hasMessageContaining("index.name.format")
        .hasMessageContaining("index.shared.topics=true");
    assertThat(ownershipOf("audit-v2").topic()).isEqualTo("audit");
  }

  @Test
  void whicheverOfTwoRacingTasksCreatesTheIndexTheOtherTopicIsRefused() {
    // Another task, writing topic audit, creates the index between this task's look and create.
    elasticsearch.onceBefore(
        "PUT /audit-v2",
        () ->
            elasticsearch.createIndex(
                "audit-v2", IndexOwnership.created("orders-search-v2", "audit", 2).toMeta(null)));

    assertThatThrownBy(() -> manager.ensureExists(WriteTarget.of("audit-v2"), "_audit", VALUE))
        .isInstanceOf(TopicsShareIndexException.class)
        .hasMessageContaining("'audit' and '_audit'");
  }

  @Test
  void topicsDeclaredToShareAnIndexAreBothWrittenToIt() throws Exception {
    IndexManager sharing =
        new IndexManager(
            elasticsearch,
            new IndexManager.Settings(
                "orders-search-v2", 2, IndexSettings.parse(""), "", false, true),
            schema -> Optional.empty());
    WriteTarget audit = WriteTarget.of("audit-v2");
    sharing.ensureExists(audit, "audit", VALUE);

    sharing.ensureExists(audit, "_audit", VALUE);

    assertThat(ownershipOf("audit-v2").topic()).isEqualTo("audit");
  }

  @Test
  void anIndexOfAnotherConnectorForATopicThatFoldsIntoTheSameNameSaysSo() {
    elasticsearch.createIndex(
        "audit-v2", IndexOwnership.created("audit-search", "audit", 2).toMeta(null));

    assertThatThrownBy(() -> manager.ensureExists(WriteTarget.of("audit-v2"), "_audit", VALUE))
        .isInstanceOf(IndexOwnedElsewhereException.class)
        .hasMessageContaining("belongs to connector 'audit-search'")
        .hasMessageContaining(
            "Topic names 'audit' and '_audit' differ but fold into the one index"
                + " name 'audit-v2'");
  }

  @Test
  void anAliasByTheIndexNameIsRefused() {
    elasticsearch.createIndex("orders-elsewhere", null);
    elasticsearch.pointAlias("orders-v2", "orders-elsewhere");

    assertThatThrownBy(() -> manager.ensureExists(TARGET, "orders", VALUE))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("is an alias, not an index");
  }

  @Test
  void theMarkerOfALostIndexIsRefusedWithTheWayToRebuild() {
    manager.lost("orders-v2", "orders");

    assertThatThrownBy(() -> manager.ensureExists(TARGET, "orders", VALUE))
        .isInstanceOf(IndexLostException.class)
        .hasMessageContaining("DELETE /connectors/orders-search-v2/offsets");
  }

  @Test
  void anotherTaskCreatingTheIndexFirstIsNoFailure() throws Exception {
    elasticsearch.onceBefore(
        "PUT /orders-v2",
        () -> elasticsearch.createIndex("orders-v2", ownership("orders-search-v2", 2)));

    manager.ensureExists(TARGET, "orders", VALUE);

    assertThat(elasticsearch.index("orders-v2").aliases()).containsExactly("orders-v2.Writer");
  }

  @Test
  void anIndexIsCheckedOnceAndThenKnown() throws Exception {
    manager.ensureExists(TARGET, "orders", VALUE);
    elasticsearch.clearRequests();

    manager.ensureExists(TARGET, "orders", VALUE);

    assertThat(elasticsearch.requests()).isEmpty();
  }

  @Test
  void derivedMappingsTypeANewIndexWhenNoneAreConfigured() throws Exception {
    manager.ensureExists(TARGET, "orders", SchemaBuilder.struct().name("order").build());

    JsonNode mappings = elasticsearch.index("orders-v2").mappings();
    assertThat(mappings.path("derived_from").asText()).isEqualTo("order");
    assertThat(mappings.path("_meta").path("unbundled_search").isObject()).isTrue();
  }

  @Test
  void aLaterSchemaWithNewFieldsAddsThemToTheDerivedMapping() throws Exception {
    IndexManager deriving =
        new IndexManager(
            elasticsearch,
            new IndexManager.Settings(
                "orders-search-v2", 2, IndexSettings.parse(""), "", true, false),
            SchemaMapping::of);
    Schema v1 = SchemaBuilder.struct().name("row").field("id", Schema.INT32_SCHEMA).build();
    Schema v2 =
        SchemaBuilder.struct()
            .name("row")
            .field("id", Schema.INT32_SCHEMA)
            .field("at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build())
            .build();

    deriving.ensureExists(TARGET, "orders", v1);
    deriving.ensureExists(TARGET, "orders", v2);

    JsonNode properties = elasticsearch.index("orders-v2").mappings().path("properties");
    assertThat(properties.path("id").path("type").asText()).isEqualTo("long");
    assertThat(properties.path("at").path("type").asText()).isEqualTo("date");
  }

  @Test
  void aSchemaTheDerivedMappingCannotTakeIsTheRecordsFailureNotTheIndexs() throws Exception {
    IndexManager deriving =
        new IndexManager(
            elasticsearch,
            new IndexManager.Settings("orders-search-v2", 2, IndexSettings.parse(""), "", true),
            SchemaMapping::of);
    Schema v1 = SchemaBuilder.struct().name("row").field("stock", Schema.INT32_SCHEMA).build();
    Schema v2 = SchemaBuilder.struct().name("row").field("stock", Schema.STRING_SCHEMA).build();
    deriving.ensureExists(TARGET, "orders", v1);

    assertThatThrownBy(() -> deriving.ensureExists(TARGET, "orders", v2))
        .isInstanceOf(MappingConflictException.class)
        .hasMessageContaining("field 'stock' is mapped as [long]")
        .hasMessageContaining("search-sink reindex orders-search-v2");
    deriving.ensureExists(TARGET, "orders", v1);
  }

  private IndexManager retainingDeletesFor(Duration retention, String userSettings) {
    return new IndexManager(
        elasticsearch,
        new IndexManager.Settings(
            "orders-search-v2",
            2,
            IndexSettings.parse(userSettings).deletesRetainedFor(retention),
            "",
            false),
        schema -> Optional.empty());
  }

  @Test
  void aCreatedIndexRemembersDeletesForTheConfiguredRetention() throws Exception {
    retainingDeletesFor(Duration.ofHours(1), "").ensureExists(TARGET, "orders", VALUE);

    assertThat(elasticsearch.index("orders-v2").settings().path("index.gc_deletes").asText())
        .isEqualTo("3600000ms");
  }

  @Test
  void theUsersOwnGcDeletesInIndexSettingsWins() throws Exception {
    retainingDeletesFor(Duration.ofHours(1), "{\"index\": {\"gc_deletes\": \"7d\"}}")
        .ensureExists(TARGET, "orders", VALUE);

    assertThat(elasticsearch.index("orders-v2").settings().path("index.gc_deletes").asText())
        .isEqualTo("7d");
  }

  @Test
  void anOwnIndexFromBeforeWithoutARetentionGetsIt() throws Exception {
    elasticsearch.createIndex("orders-v2", ownership("orders-search-v2", 2));

    retainingDeletesFor(Duration.ofMinutes(90), "").ensureExists(TARGET, "orders", VALUE);

    assertThat(elasticsearch.index("orders-v2").settings().path("index.gc_deletes").asText())
        .isEqualTo("5400000ms");
  }

  @Test
  void anExistingIndexWithARetentionOfItsOwnKeepsIt() throws Exception {
    elasticsearch
        .createIndex("orders-v2", ownership("orders-search-v2", 2))
        .setSetting("index.gc_deletes", "10m");
    elasticsearch.clearRequests();

    retainingDeletesFor(Duration.ofHours(1), "").ensureExists(TARGET, "orders", VALUE);

    assertThat(elasticsearch.index("orders-v2").settings().path("index.gc_deletes").asText())
        .isEqualTo("10m");
    assertThat(elasticsearch.requests()).noneMatch(r -> r.endsWith("/_settings"));
  }
}
