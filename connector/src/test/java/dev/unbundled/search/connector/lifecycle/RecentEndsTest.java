package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RecentEndsTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);

  /**
   * Steady writes of 100 records between checks; each commit covers what was written up to two
   * checks before it (the time from record to acknowledgement, and to the next commit, is longer
   * than a check): the connector keeps up, and must count as caught up.
   */
  @Test
  void aConnectorWhoseCommitsTrailSteadyWritesByTwoChecksCountsAsCaughtUp() {
    RecentEnds ends = new RecentEnds();
    List<Boolean> caughtUp = new ArrayList<>();
    for (int check = 0; check < 8; check++) {
      long end = 1_000 + 100L * check;
      var now = Map.of(P0, new CatchUpCheck.Position(0, end - 200, end));
      caughtUp.add(PromotionRules.lagging(now, ends.earlier(), 0).isEmpty());
      ends.record(now);
    }

    assertThat(caughtUp).containsExactly(false, false, true, true, true, true, true, true);
  }

  @Test
  void aConnectorFallingFurtherBehindNeverCountsAsCaughtUp() {
    RecentEnds ends = new RecentEnds();
    for (int check = 0; check < 20; check++) {
      long end = 1_000 + 100L * check;
      long committed = 50L * check; // half the rate the topic grows at
      var now = Map.of(P0, new CatchUpCheck.Position(0, committed, end));
      assertThat(PromotionRules.lagging(now, ends.earlier(), 0)).containsExactly(P0);
      ends.record(now);
    }
  }

  @Test
  void theEndsLookedBackAtAreThoseOfFourChecksAgo() {
    RecentEnds ends = new RecentEnds();
    assertThat(ends.earlier()).isEmpty();
    for (long end = 10; end <= 60; end += 10) {
      ends.record(Map.of(P0, new CatchUpCheck.Position(0, 0, end)));
    }

    assertThat(ends.earlier()).isEqualTo(Map.of(P0, 30L));
  }
}
