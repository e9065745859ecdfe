package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RewoundTopicsTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private final RewoundTopics rewound = new RewoundTopics();
  private final Set<TopicPartition> asked = new HashSet<>();

  private static CatchUpCheck.Position position(long committed, long end) {
    return new CatchUpCheck.Position(0, committed, end);
  }

  @Test
  void committedWithinTheEndIsNoRewindAndAsksNothingMore() throws Exception {
    Map<TopicPartition, String> result =
        rewound.check(
            Map.of(P0, position(10, 10), P1, position(3, 9)),
            partitions -> {
              asked.addAll(partitions);
              return Map.of();
            });

    assertThat(result).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void committedPastTheHighWatermarkIsARewind() throws Exception {
    Map<TopicPartition, String> result =
        rewound.check(
            Map.of(P0, position(50, 20), P1, position(5, 5)),
            partitions -> {
              asked.addAll(partitions);
              return Map.of(P0, 20L);
            });

    assertThat(asked).containsExactly(P0);
    assertThat(result).containsOnlyKeys(P0);
    assertThat(result.get(P0)).isEqualTo("committed 50, end 20");
  }

  @Test
  void committedPastTheEndOfCommittedTransactionsOnlyIsNoRewind() throws Exception {
    // A consumer reading uncommitted records commits past the last stable offset while a
    // transaction is open; the high watermark is further still.
    Map<TopicPartition, String> result =
        rewound.check(Map.of(P0, position(50, 40)), partitions -> Map.of(P0, 55L));

    assertThat(result).isEmpty();
  }
}
