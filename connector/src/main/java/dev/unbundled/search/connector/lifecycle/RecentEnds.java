package dev.unbundled.search.connector.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Each partition's end offset at the last few checks, for {@link PromotionRules#lagging}: a
 * connector under steady writes counts as caught up once its committed offsets pass the ends of
 * {@link #CHECKS} checks ago.
 *
 * <p>Why not the previous check's: committed offsets move only when Connect commits (every {@code
 * offset.flush.interval.ms}, or sooner when a task asks), and a commit covers only what
 * Elasticsearch had acknowledged by then. When checks come faster than a record takes from the
 * topic to an acknowledged write, no commit ever reaches the end of the check before, and steady
 * writes would hold the connector back for good. Looking a few checks back leaves that time, and
 * still means "everything written a few checks ago is in the index".
 */
final class RecentEnds {

  /** How many checks back the ends are that committed offsets must pass. */
  static final int CHECKS = 4;

  private final Deque<Map<TopicPartition, Long>> ends = new ArrayDeque<>();

  /** The ends of {@link #CHECKS} checks ago, or of the oldest check kept; empty before any. */
  Map<TopicPartition, Long> earlier() {
    return ends.isEmpty() ? Map.of() : ends.peekFirst();
  }

  /** Keeps the ends seen by this check. */
  void record(Map<TopicPartition, CatchUpCheck.Position> positions) {
    ends.addLast(PromotionRules.ends(positions));
    if (ends.size() > CHECKS) {
      ends.removeFirst();
    }
  }
}
