package dev.unbundled.search.connector.offset;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Reads the offsets a consumer group has committed for some of its partitions. */
@FunctionalInterface
public interface CommittedOffsets {

  /** Reads nothing: for tasks that only compare with what they committed themselves. */
  CommittedOffsets NONE = partitions -> Map.of();

  /**
   * The offsets committed for {@code partitions}; a partition without one is missing, and so is
   * every partition when the offsets could not be read.
   */
  Map<TopicPartition, Long> read(Collection<TopicPartition> partitions);

  /**
   * The connector's consumer group: Connect's default name, or {@code consumer.override.group.id}.
   */
  static String groupId(Map<String, String> connectorProps) {
    return connectorProps.getOrDefault(
        "consumer.override.group.id", "connect-" + connectorProps.get("name"));
  }
}
