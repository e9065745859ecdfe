package dev.unbundled.search.connector.lifecycle;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's own look at offsets going backwards: a partition whose committed offset lies past
 * its high watermark was truncated, or deleted and created again, after the connector committed.
 * Its tasks fail on their own when they are versioned by offset; here the connector logs it (once
 * per change) and holds its indexes back from promotion, since "caught up" means nothing then.
 *
 * <p>Kafka deletes a deleted topic's committed offsets, so this sees a re-created topic only while
 * offsets from before are committed again, as a task that stopped at the rewind leaves them; the
 * tasks' own checks do not depend on it.
 */
final class RewoundTopics {

  private static final Logger log = LoggerFactory.getLogger(RewoundTopics.class);

  /** Reads the high watermarks of some partitions. */
  @FunctionalInterface
  interface HighWatermarks {
    Map<TopicPartition, Long> of(Set<TopicPartition> partitions) throws Exception;
  }

  private Map<TopicPartition, String> reported = Map.of();

  /**
   * The partitions committed past their high watermark, as "committed N, end M", logged when they
   * change.
   */
  Map<TopicPartition, String> check(
      Map<TopicPartition, CatchUpCheck.Position> positions, HighWatermarks highWatermarks)
      throws Exception {
    // Past the end counting only committed transactions is common (open transactions); past the
    // high watermark is not, so only the few candidates are asked for it.
    Set<TopicPartition> candidates =
        positions.entrySet().stream()
            .filter(entry -> entry.getValue().committed() > entry.getValue().end())
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    Map<TopicPartition, String> rewound =
        new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
    if (!candidates.isEmpty()) {
      highWatermarks
          .of(candidates)
          .forEach(
              (partition, end) -> {
                long committed = positions.get(partition).committed();
                if (committed > end) {
                  rewound.put(partition, "committed " + committed + ", end " + end);
                }
              });
    }
    if (!rewound.equals(reported)) {
      if (!rewound.isEmpty()) {
        log.error(
            "Offsets went backwards under the connector: the committed offset lies past the end of"
                + " {}. The topic was deleted and created again, or its leader lost records; no"
                + " alias moves until this is resolved. With document.version=offset the tasks"
                + " fail and name the remedies; with versions from the records they converge.",
            rewound);
      }
      reported = rewound;
    }
    return rewound;
  }
}
