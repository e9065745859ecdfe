package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.index.IndexSettings;
import dev.unbundled.search.connector.index.NameFormat;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CaughtUpTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private static IndexLifecycle lifecycle(long maxLag) {
    return new IndexLifecycle(
        new IndexLifecycle.Settings(
            "c",
            1,
            new NameFormat("${topic}", 1),
            Optional.empty(),
            true,
            maxLag,
            IndexSettings.parse("")),
        null,
        null,
        LifecycleListener.NONE);
  }

  private static CatchUpCheck.Position at(long committed, long end) {
    return new CatchUpCheck.Position(0, committed, end);
  }

  @Test
  void caughtUpWhenEveryPartitionIsWithinTheMaximumLag() {
    assertThat(lifecycle(0).caughtUp(Map.of(P0, at(10, 10), P1, at(5, 5)), Map.of())).isTrue();
    assertThat(lifecycle(0).caughtUp(Map.of(P0, at(10, 10), P1, at(4, 5)), Map.of())).isFalse();
    assertThat(lifecycle(1).caughtUp(Map.of(P0, at(10, 10), P1, at(4, 5)), Map.of())).isTrue();
  }

  @Test
  void steadyWritesDoNotHoldItBackOncePastThePreviousEnds() {
    Map<TopicPartition, CatchUpCheck.Position> now = Map.of(P0, at(100, 120), P1, at(50, 55));

    assertThat(lifecycle(0).caughtUp(now, Map.of(P0, 100L, P1, 50L))).isTrue();
    assertThat(lifecycle(0).caughtUp(now, Map.of(P0, 101L, P1, 50L))).isFalse();
    assertThat(lifecycle(0).caughtUp(now, Map.of())).isFalse();
  }
}
