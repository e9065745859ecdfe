package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.FakeElasticsearch;
import dev.unbundled.search.connector.index.IndexManager;
import dev.unbundled.search.connector.index.IndexNames;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.IndexSettings;
import dev.unbundled.search.connector.index.NameFormat;
import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.connector.index.ShardsLostException;
import dev.unbundled.search.connector.index.WriteTarget;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The connector's index life cycle against an in-memory Elasticsearch: phases, the end of the build
 * phase, and alias moves that only go forward and happen at most once.
 */
class IndexLifecycleTest {

  private static final String CONNECTOR = "orders-search-v2";
  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final Duration LOST_PRIMARY_TIMEOUT = Duration.ofMinutes(5);
  private static final String SHARD_HEALTH = "GET /_cluster/health/orders-v2?level=shards";

  private final FakeElasticsearch elasticsearch = new FakeElasticsearch();
  private final Map<TopicPartition, CatchUpCheck.Position> positions = new HashMap<>();
  private final Map<TopicPartition, Long> highWatermarks = new HashMap<>();
  private final List<Phase> reported = new ArrayList<>();
  private final List<ShardsLostException> failures = new ArrayList<>();
  private final MutableClock clock = new MutableClock();

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private IndexLifecycle lifecycle(boolean autoPromotion, String previewFormat) {
    return lifecycle(autoPromotion, previewFormat, Optional.empty());
  }

  private IndexLifecycle lifecycle(
      boolean autoPromotion, String previewFormat, Optional<IndexNames> sharedIndexes) {
    IndexCatalog catalog = new IndexCatalog(elasticsearch);
    return new IndexLifecycle(
        new IndexLifecycle.Settings(
            new OwnIndexes(CONNECTOR, 2, "*-v2"),
            new NameFormat("${topic}", 2),
            Optional.ofNullable(previewFormat).map(format -> new NameFormat(format, 2)),
            autoPromotion,
            0,
            IndexSettings.parse("{\"number_of_replicas\": 1}")),
        new PositionSource() {
          @Override
          public Map<TopicPartition, CatchUpCheck.Position> positions() {
            return Map.copyOf(positions);
          }

          @Override
          public Map<TopicPartition, Long> highWatermarks(Set<TopicPartition> partitions) {
            return Map.copyOf(highWatermarks);
          }
        },
        elasticsearch,
        catalog,
        new AliasMover(elasticsearch, catalog, new AliasTopicGuard(sharedIndexes)),
        (phase, behind) -> reported.add(phase),
        new LostPrimaries(elasticsearch, LOST_PRIMARY_TIMEOUT, clock),
        failures::add,
        Optional.empty());
  }

  private IndexLifecycle automatic() {
    return lifecycle(true, null);
  }

  /** The index as the connector's task creates it, at the start of its build. */
  private void indexCreatedByTheTask(String index, String connector, int version)
      throws IOException {
    new IndexManager(
            elasticsearch,
            new IndexManager.Settings(
                connector, version, IndexSettings.parse(""), "", false, false),
            schema -> Optional.empty())
        .ensureExists(WriteTarget.of(index), "orders", null);
  }

  private void at(long committed, long end) {
    positions.put(P0, new CatchUpCheck.Position(0, committed, end));
  }

  private IndexOwnership ownershipOf(String index) {
    return IndexOwnership.fromMeta(elasticsearch.index(index).meta()).orElseThrow();
  }

  /** Another connector's index, past its build phase, holding the read alias. */
  private void liveIndexOfAnotherVersion(String index, String connector, int version)
      throws IOException {
    elasticsearch.createIndex(
        index,
        IndexOwnership.created(connector, "orders", version)
            .tuningRestored()
            .promoted(Instant.now())
            .toMeta(null));
    elasticsearch.pointAlias("orders", index);
  }

  @Test
  void anIndexBehindItsTopicStaysInItsBuildPhaseAndOnlyItsShardsAreLookedAt() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    elasticsearch.clearRequests();
    at(40, 100);

    automatic().check();

    assertThat(reported).containsExactly(Phase.BUILDING);
    assertThat(elasticsearch.requests())
        .containsExactly(
            "GET /*-v2/_mapping?filter_path=*.mappings._meta&ignore_unavailable=true",
            SHARD_HEALTH);
    assertThat(ownershipOf("orders-v2").phase()).isEqualTo(Phase.BUILDING);
  }

  /** Issue 24: {@code _orders} and {@code orders} both have the read alias {@code orders}. */
  @Test
  void anAliasNeverMovesFromAnIndexOfAnotherTopicWhoseNameFoldsIntoTheSameAlias() throws Exception {
    liveIndexOfAnotherVersion("orders-v1", "orders-search-v1", 1);
    elasticsearch.createIndex(
        "orders-v2", IndexOwnership.created(CONNECTOR, "_orders", 2).toMeta(null));
    at(100, 100);

    automatic().check();

    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v1");
    assertThat(ownershipOf("orders-v2").promotedAt()).isNull();
    assertThat(ownershipOf("orders-v2").phase()).isEqualTo(Phase.STANDBY);
  }

  @Test
  void topicsSharingTheirIndexOnPurposeShareItsAliasToo() throws Exception {
    liveIndexOfAnotherVersion("orders-v1", "orders-search-v1", 1);
    elasticsearch.createIndex(
        "orders-v2", IndexOwnership.created(CONNECTOR, "_orders", 2).toMeta(null));
    at(100, 100);

    lifecycle(true, null, Optional.of(new IndexNames("${topic}-v${version}", 2))).check();

    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v2");
  }

  @Test
  void oneAliasIsNeverPutOnTwoIndexesOfTheConnector() throws Exception {
    elasticsearch.createIndex(
        "orders-v2", IndexOwnership.created(CONNECTOR, "orders", 2).toMeta(null));
    elasticsearch.createIndex(
        "payments-v2", IndexOwnership.created(CONNECTOR, "payments", 2).toMeta(null));
    at(100, 100);

    // The preview alias format names no topic: both indexes would get "everything".
    lifecycle(false, "everything").check();

    assertThat(elasticsearch.holders("everything")).isEmpty();
    assertThat(ownershipOf("orders-v2").previewedAt()).isNull();
  }

  @Test
  void caughtUpWithNoIndexWrittenYetIsCaughtUp() throws Exception {
    at(0, 0);

    automatic().check();

    assertThat(reported).containsExactly(Phase.CAUGHT_UP);
  }

  @Test
  void aCaughtUpIndexEndsItsBuildPhaseThenGetsTheReadAlias() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(100, 100);

    automatic().check();

    FakeElasticsearch.Index index = elasticsearch.index("orders-v2");
    assertThat(index.settings().path("index.number_of_replicas").asInt()).isEqualTo(1);
    assertThat(index.settings().has("index.refresh_interval"))
        .as("back to Elasticsearch's default")
        .isFalse();
    assertThat(index.refreshes()).isEqualTo(1);
    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v2");
    IndexOwnership owner = ownershipOf("orders-v2");
    assertThat(owner.buildTuned()).isFalse();
    assertThat(owner.phase()).isEqualTo(Phase.LIVE);
    assertThat(owner.promotedAt()).isNotNull();
    assertThat(reported).containsExactly(Phase.LIVE);
  }

  @Test
  void writesStillArrivingDoNotHoldAnIndexBackOncePastAnEarlierEnd() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    IndexLifecycle lifecycle = automatic();
    at(90, 100);
    lifecycle.check();
    at(105, 110);

    lifecycle.check();

    assertThat(reported).containsExactly(Phase.BUILDING, Phase.LIVE);
  }

  @Test
  void commitsTrailingSteadyWritesByMoreThanACheckStillLetTheIndexCatchUp() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    IndexLifecycle lifecycle = automatic();
    // Each commit covers what was written two checks before it: never past the previous end.
    at(800, 1_000);
    lifecycle.check();
    at(900, 1_100);
    lifecycle.check();
    at(1_000, 1_200);

    lifecycle.check();

    assertThat(reported).containsExactly(Phase.BUILDING, Phase.BUILDING, Phase.LIVE);
    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v2");
  }

  @Test
  void aLiveIndexFallingBehindUnderLoadStaysLive() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    IndexLifecycle lifecycle = automatic();
    at(100, 100);
    lifecycle.check();
    at(100, 5_000);

    lifecycle.check();

    assertThat(reported).containsExactly(Phase.LIVE, Phase.LIVE);
    assertThat(ownershipOf("orders-v2").phase()).isEqualTo(Phase.LIVE);
  }

  @Test
  void anIndexCommittedPastItsTopicsEndStaysInItsBuildPhase() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    IndexLifecycle lifecycle = automatic();
    // The topic was deleted and created again: its high watermark lies below the committed offset.
    at(120, 100);
    highWatermarks.put(P0, 100L);

    lifecycle.check();
    lifecycle.check();

    assertThat(reported).containsExactly(Phase.BUILDING, Phase.BUILDING);
    assertThat(elasticsearch.holders("orders")).isEmpty();
    assertThat(ownershipOf("orders-v2").phase()).isEqualTo(Phase.BUILDING);
  }

  @Test
  void committedPastTheEndOfCommittedTransactionsButNotTheHighWatermarkIsCaughtUp()
      throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    // Records of a transaction still open: consumed, committed, past the end of committed ones.
    at(120, 100);
    highWatermarks.put(P0, 130L);

    automatic().check();

    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v2");
  }

  @Test
  void anUnhealthyIndexGetsNoAliasAndTheCheckTriesAgain() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    elasticsearch.index("orders-v2").setHealthy(false);
    at(100, 100);
    IndexLifecycle lifecycle = automatic();

    assertThatThrownBy(lifecycle::check)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("orders-v2 is not ready for readers");
    assertThat(elasticsearch.holders("orders")).isEmpty();
    assertThat(ownershipOf("orders-v2").buildTuned()).isTrue();

    elasticsearch.index("orders-v2").setHealthy(true);
    lifecycle.check();
    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v2");
  }

  @Test
  void manualPromotionLeavesTheReadAliasAloneAndTheIndexOnStandby() throws Exception {
    liveIndexOfAnotherVersion("orders-v1", "orders-search-v1", 1);
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(100, 100);

    lifecycle(false, null).check();

    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v1");
    assertThat(ownershipOf("orders-v2").phase()).isEqualTo(Phase.STANDBY);
    assertThat(ownershipOf("orders-v2").buildTuned()).isFalse();
    assertThat(reported).containsExactly(Phase.STANDBY);
  }

  @Test
  void theReadAliasMovesFromALowerVersionInOneAtomicRequest() throws Exception {
    liveIndexOfAnotherVersion("orders-v1", "orders-search-v1", 1);
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(100, 100);

    automatic().check();

    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v2");
    assertThat(elasticsearch.requests().stream().filter(r -> r.equals("POST /_aliases")))
        .hasSize(1);
  }

  @Test
  void theReadAliasNeverMovesBackFromAHigherVersion() throws Exception {
    liveIndexOfAnotherVersion("orders-v3", "orders-search-v3", 3);
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(100, 100);

    automatic().check();

    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v3");
    assertThat(ownershipOf("orders-v2").promotedAt()).isNull();
    assertThat(reported).containsExactly(Phase.STANDBY);
  }

  @Test
  void anOperatorsRollbackIsNeverUndoneBecauseAPromotionHappensAtMostOnce() throws Exception {
    liveIndexOfAnotherVersion("orders-v1", "orders-search-v1", 1);
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(100, 100);
    IndexLifecycle lifecycle = automatic();
    lifecycle.check();

    elasticsearch.pointAlias("orders", "orders-v1");
    lifecycle.check();

    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v1");
    assertThat(ownershipOf("orders-v2").phase()).isEqualTo(Phase.STANDBY);
    assertThat(reported).containsExactly(Phase.LIVE, Phase.STANDBY);
  }

  @Test
  void thePreviewAliasMovesOnceWhileTheReadAliasStays() throws Exception {
    liveIndexOfAnotherVersion("orders-v1", "orders-search-v1", 1);
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(100, 100);
    IndexLifecycle lifecycle = lifecycle(false, "${topic}-preview");

    lifecycle.check();
    elasticsearch.pointAlias("orders-preview", "orders-v1");
    lifecycle.check();

    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v1");
    assertThat(elasticsearch.holders("orders-preview")).containsExactly("orders-v1");
    assertThat(ownershipOf("orders-v2").previewedAt()).isNotNull();
  }

  @Test
  void aPromotionTheToolRecordsDuringACheckIsKeptAndNotRepeated() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(100, 100);
    Instant byTheTool = Instant.parse("2026-11-22T10:00:00Z");
    // The tool's promote moves the alias and records it while the check restores the settings.
    elasticsearch.onceBefore(
        "PUT /orders-v2/_settings",
        () -> {
          elasticsearch.pointAlias("orders", "orders-v2");
          FakeElasticsearch.Index index = elasticsearch.index("orders-v2");
          index.setMeta(ownershipOf("orders-v2").promoted(byTheTool).toMeta(index.meta()));
        });

    automatic().check();

    assertThat(ownershipOf("orders-v2").promotedAt()).isEqualTo(byTheTool);
    assertThat(ownershipOf("orders-v2").buildTuned()).isFalse();
    assertThat(elasticsearch.requests()).doesNotContain("POST /_aliases");
  }

  @Test
  void aCheckReadsOnlyTheConnectorsOwnIndexesOnce() throws Exception {
    liveIndexOfAnotherVersion("orders-v1", "orders-search-v1", 1);
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(100, 100);
    IndexLifecycle lifecycle = automatic();
    lifecycle.check();
    elasticsearch.clearRequests();

    lifecycle.check();

    assertThat(elasticsearch.requests())
        .containsExactly(
            "GET /*-v2/_mapping?filter_path=*.mappings._meta&ignore_unavailable=true",
            SHARD_HEALTH,
            "GET /_cat/aliases/orders?format=json&h=alias,index");
  }

  @Test
  void onAMultiNodeClusterTheReadAliasWaitsUntilEveryReplicaIsAssigned() throws Exception {
    elasticsearch.setDataNodes(3);
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    elasticsearch.index("orders-v2").holdReplicasBack(true);
    at(100, 100);
    IndexLifecycle lifecycle = automatic();

    assertThatThrownBy(lifecycle::check)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("1 of 2 shard copies active");
    assertThat(elasticsearch.index("orders-v2").settings().path("index.number_of_replicas").asInt())
        .as("replicas restored, then waited for")
        .isEqualTo(1);
    assertThat(elasticsearch.holders("orders")).isEmpty();

    elasticsearch.index("orders-v2").holdReplicasBack(false);
    lifecycle.check();
    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v2");
  }

  @Test
  void aPrimaryLostAfterTheBuildPhaseEndedHoldsTheMoveBackUntilItIsBack() throws Exception {
    liveIndexOfAnotherVersion("orders-v1", "orders-search-v1", 1);
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(100, 100);
    // The node holding the only copy of a primary dies between the settings restore and the move.
    elasticsearch.onceBefore(
        "GET /_cat/aliases/orders?format=json&h=alias,index",
        () -> elasticsearch.index("orders-v2").losePrimary(0));
    IndexLifecycle lifecycle = automatic();

    assertThatThrownBy(lifecycle::check)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("orders-v2 is not ready for readers");
    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v1");
    assertThat(ownershipOf("orders-v2").buildTuned()).isFalse();

    elasticsearch.index("orders-v2").recoverPrimary(0);
    lifecycle.check();
    assertThat(elasticsearch.holders("orders")).containsExactly("orders-v2");
    assertThat(failures).isEmpty();
  }

  @Test
  void aPrimaryBackWithinTheTimeoutIsNoLoss() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(40, 100);
    IndexLifecycle lifecycle = automatic();
    elasticsearch.index("orders-v2").losePrimary(0);
    lifecycle.run();
    clock.advance(LOST_PRIMARY_TIMEOUT.minusSeconds(1));
    lifecycle.run();

    elasticsearch.index("orders-v2").recoverPrimary(0);
    clock.advance(Duration.ofMinutes(1));
    lifecycle.run();

    assertThat(failures).isEmpty();
    assertThat(elasticsearch.index("orders-v2").meta().has(ShardsLostException.META_KEY)).isFalse();
  }

  @Test
  void aPrimaryWithNoCopyPastTheTimeoutIsRecordedLostAndFailsTheConnectorOnce() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    at(40, 100);
    IndexLifecycle lifecycle = automatic();
    elasticsearch.index("orders-v2").losePrimary(0);
    lifecycle.run();
    assertThat(failures).isEmpty();

    clock.advance(LOST_PRIMARY_TIMEOUT);
    lifecycle.run();
    lifecycle.run();

    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .hasMessageContaining("'orders-v2' lost primary shard(s) [0]")
        .hasMessageContaining("DELETE /connectors/" + CONNECTOR + "/offsets");
    assertThat(PromotionRules.recordedLoss(elasticsearch.index("orders-v2").meta()))
        .contains(List.of(0));
  }

  @Test
  void anIndexRecordedLostIsNeverPromotedEvenOnceGreenAgain() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    FakeElasticsearch.Index index = elasticsearch.index("orders-v2");
    ObjectNode meta = index.meta().deepCopy();
    meta.set(ShardsLostException.META_KEY, ShardsLostException.record(List.of(1), Instant.now()));
    index.setMeta(meta);
    at(100, 100);

    assertThatThrownBy(automatic()::check)
        .isInstanceOf(ShardsLostException.class)
        .hasMessageContaining("lost primary shard(s) [1]");
    assertThat(elasticsearch.holders("orders")).isEmpty();
    assertThat(ownershipOf("orders-v2").buildTuned()).isTrue();
  }

  @Test
  void aTaskRefusesToWriteIntoAnIndexRecordedLost() throws Exception {
    indexCreatedByTheTask("orders-v2", CONNECTOR, 2);
    FakeElasticsearch.Index index = elasticsearch.index("orders-v2");
    ObjectNode meta = index.meta().deepCopy();
    meta.set(ShardsLostException.META_KEY, ShardsLostException.record(List.of(1), Instant.now()));
    index.setMeta(meta);

    assertThatThrownBy(() -> indexCreatedByTheTask("orders-v2", CONNECTOR, 2))
        .isInstanceOf(ShardsLostException.class)
        .hasMessageContaining("rebuild it in place from offset zero");
  }
}
