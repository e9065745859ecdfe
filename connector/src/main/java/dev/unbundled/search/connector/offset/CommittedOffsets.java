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

  /** The consumer group of the connector whose properties ({@code name} included) these are. */
  static String groupId(Map<String, String> connectorProps) {
    return groupId(connectorProps.get("name"), connectorProps);
  }

  /**
   * The consumer group Connect gives a sink connector: {@code consumer.override.group.id}, or
   * Connect's default {@code connect-<name>}. The one rule for the task, the catch-up check and the
   * tool's {@code status}, {@code reindex} and {@code retire}. A blank override counts as none:
   * Kafka refuses an empty group id to a subscribing consumer, so no offsets are ever committed
   * under it, and reading the default group is the useful answer.
   */
  static String groupId(String connector, Map<String, String> config) {
    String override = config.get("consumer.override.group.id");
    return override == null || override.isBlank() ? "connect-" + connector : override;
  }
}
