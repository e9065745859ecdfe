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

  /**
   * Per partition of {@code partitions}, the first offset whose record's timestamp is later than
   * {@code timestamp}, or -1 where no record is. A source that cannot tell reports none, which
   * makes a sweep wait for the partitions' ends.
   */
  default Map<TopicPartition, Long> firstOffsetsAfter(
      long timestamp, Set<TopicPartition> partitions) throws Exception {
    return Map.of();
  }
}
