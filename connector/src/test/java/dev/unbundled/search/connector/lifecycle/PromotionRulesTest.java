package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.client.FakeElasticsearch;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.Phase;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PromotionRulesTest {

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
        .hasValueSatisfying(problem -> assertThat(problem).contains("red is not healthy"));
    assertThat(elasticsearch.requests())
        .contains(
            "GET /_cluster/health/ok?wait_for_status=yellow&wait_for_no_initializing_shards=true"
                + "&timeout=5000ms");
  }
}
