package dev.unbundled.search.connector.offset;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  /** Reads through an admin client, waiting at most {@code timeout}. */
  static CommittedOffsets of(Admin admin, String groupId, Duration timeout) {
    Logger log = LoggerFactory.getLogger(CommittedOffsets.class);
    return partitions -> {
      if (partitions.isEmpty()) {
        return Map.of();
      }
      try {
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin
                .listConsumerGroupOffsets(
                    Map.of(
                        groupId,
                        new ListConsumerGroupOffsetsSpec()
                            .topicPartitions(List.copyOf(partitions))))
                .partitionsToOffsetAndMetadata(groupId)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach(
            (partition, offset) -> {
              if (offset != null) {
                committed.put(partition, offset.offset());
              }
            });
        return committed;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Map.of();
      } catch (ExecutionException | TimeoutException e) {
        log.warn(
            "Could not read the committed offsets of group {} for {}: offsets going backwards are"
                + " noticed from what this task committed only ({})",
            groupId,
            partitions,
            e.toString());
        return Map.of();
      }
    };
  }
}
