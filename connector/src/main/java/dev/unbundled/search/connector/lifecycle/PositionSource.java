package dev.unbundled.search.connector.lifecycle;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/** Where a connector stands in each partition of its topics: {@link CatchUpCheck} asks Kafka. */
@FunctionalInterface
public interface PositionSource {

  Map<TopicPartition, CatchUpCheck.Position> positions() throws Exception;

  /**
   * The high watermarks of {@code partitions} (their ends counting open transactions), asked only
   * for partitions committed past the end {@link #positions()} reports, to tell a topic that went
   * backwards. A source that cannot tell reports none.
   */
  default Map<TopicPartition, Long> highWatermarks(Set<TopicPartition> partitions)
      throws Exception {
    return Map.of();
  }
}
