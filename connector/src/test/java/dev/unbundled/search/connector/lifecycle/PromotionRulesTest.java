package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.FakeElasticsearch;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.connector.index.ShardsLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PromotionRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private static CatchUpCheck.Position at(long committed, long end) {
    return new CatchUpCheck.Position(0, committed, end);
  }

  @Test
  void caughtUpWhenEveryPartitionIsWithinTheMaximumLag() {
    assertThat(PromotionRules.lagging(Map.of(P0, at(10, 10), P1, at(5, 5)), Map.of(), 0)).isEmpty();
    assertThat(PromotionRules.lagging(Map.of(P0, at(10, 10), P1, at(4, 5)), Map.of(), 0))
        .containsExactly(P1);
    assertThat(PromotionRules.lagging(Map.of(P0, at(10, 10), P1, at(4, 5)), Map.of(), 1)).isEmpty();
  }

  @Test
  void steadyWritesDoNotHoldItBackOncePastThePreviousEnds() {
    Map<TopicPartition, CatchUpCheck.Position> now = Map.of(P0, at(100, 120), P1, at(50, 55));

    assertThat(PromotionRules.lagging(now, Map.of(P0, 100L, P1, 50L), 0)).isEmpty();
    assertThat(PromotionRules.lagging(now, Map.of(P0, 101L, P1, 50L), 0)).containsExactly(P0);
    assertThat(PromotionRules.lagging(now, Map.of(), 0)).containsExactlyInAnyOrder(P0, P1);
    assertThat(PromotionRules.ends(now)).isEqualTo(Map.of(P0, 120L, P1, 55L));
  }

  @Test
  void anIndexIsInItsBuildPhaseUntilItsSettingsAreRestoredAndItWasSeenCaughtUp() {
    IndexOwnership created = IndexOwnership.created("c", "t", 1);

    assertThat(PromotionRules.inBuildPhase(created)).isTrue();
    assertThat(PromotionRules.inBuildPhase(created.tuningRestored())).isTrue();
    assertThat(PromotionRules.inBuildPhase(created.withPhase(Phase.CAUGHT_UP))).isTrue();
    assertThat(PromotionRules.inBuildPhase(created.tuningRestored().withPhase(Phase.CAUGHT_UP)))
        .isFalse();
  }

  @Test
  void anIndexIsHealthyWhenElasticsearchSaysSoWithinTheWait() throws Exception {
    FakeElasticsearch elasticsearch = new FakeElasticsearch();
    elasticsearch.createIndex("ok", null);
    elasticsearch.createIndex("red", null).setHealthy(false);

    assertThat(PromotionRules.healthProblem(elasticsearch, "ok", Duration.ofSeconds(5))).isEmpty();
    assertThat(PromotionRules.healthProblem(elasticsearch, "red", Duration.ofSeconds(5)))
        .hasValueSatisfying(
            problem -> assertThat(problem).contains("red is not ready for readers", "0 of 2"));
    assertThat(elasticsearch.requests())
        .contains(
            "GET /_cluster/health/ok?wait_for_status=yellow&wait_for_no_initializing_shards=true"
                + "&wait_for_active_shards=1&timeout=5000ms");
  }

  @Test
  void everyCopyMustBeActiveWhenTheClusterHasDataNodesForEveryCopy() {
    assertThat(PromotionRules.requiredActiveShards(3, 1, 3)).as("green").isEqualTo(6);
    assertThat(PromotionRules.requiredActiveShards(1, 2, 3)).as("green").isEqualTo(3);
    assertThat(PromotionRules.requiredActiveShards(2, 0, 3)).as("no replicas").isEqualTo(2);
  }

  @Test
  void withFewerDataNodesThanCopiesEachShardNeedsACopyOnEveryDataNode() {
    assertThat(PromotionRules.requiredActiveShards(1, 1, 1))
        .as("one node, Elasticsearch's default replica")
        .isEqualTo(1);
    assertThat(PromotionRules.requiredActiveShards(3, 2, 2)).isEqualTo(6);
    assertThat(PromotionRules.requiredActiveShards(2, 1, 0)).as("no data node known").isEqualTo(2);
  }

  @Test
  void aReplicaHeldBackOnAMultiNodeClusterHoldsPromotionBackButNotOnASingleNode() throws Exception {
    FakeElasticsearch elasticsearch = new FakeElasticsearch();
    elasticsearch.createIndex("orders-v2", null).holdReplicasBack(true);

    assertThat(PromotionRules.healthProblem(elasticsearch, "orders-v2", Duration.ofSeconds(1)))
        .as("single node: the replica can never be assigned")
        .isEmpty();

    elasticsearch.setDataNodes(3);
    assertThat(PromotionRules.healthProblem(elasticsearch, "orders-v2", Duration.ofSeconds(1)))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .contains("yellow, 1 of 2 shard copies active", "all of them (green)"));
    assertThat(elasticsearch.requests())
        .contains(
            "GET /_cluster/health/orders-v2?wait_for_status=yellow"
                + "&wait_for_no_initializing_shards=true&wait_for_active_shards=2&timeout=1000ms");

    elasticsearch.index("orders-v2").holdReplicasBack(false);
    assertThat(PromotionRules.healthProblem(elasticsearch, "orders-v2", Duration.ofSeconds(1)))
        .isEmpty();
  }

  @Test
  void aLossRecordedInTheMetaIsReadBack() {
    assertThat(PromotionRules.recordedLoss(JSON.createObjectNode())).isEmpty();
    ObjectNode meta = JSON.createObjectNode();
    meta.set(
        ShardsLostException.META_KEY,
        ShardsLostException.record(List.of(0, 2), Instant.parse("2026-11-22T10:00:00Z")));

    assertThat(PromotionRules.recordedLoss(meta)).contains(List.of(0, 2));
  }
}
