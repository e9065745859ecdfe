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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a task reads from Kafka when it is given partitions, through an admin client: the group's
 * committed offsets (and the notes committed with them) and the topics' ids. A read that fails or
 * takes longer than the timeout gives nothing, with a warning: the checks then go by what the task
 * saw itself, rather than hold up the rebalance or fail a task that may well be fine.
 */
public final class KafkaLookups implements CommittedOffsets {

  private static final Logger log = LoggerFactory.getLogger(KafkaLookups.class);

  private final Admin admin;
  private final String groupId;
  private final Duration timeout;

  public KafkaLookups(Admin admin, String groupId, Duration timeout) {
    this.admin = admin;
    this.groupId = groupId;
    this.timeout = timeout;
  }

  @Override
  public Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> committed = new HashMap<>();
    commits(partitions).forEach((partition, commit) -> committed.put(partition, commit.offset()));
    return committed;
  }

  /** The metadata committed with the offsets of {@code partitions}, where there is any. */
  public Map<TopicPartition, String> metadata(Collection<TopicPartition> partitions) {
    Map<TopicPartition, String> metadata = new HashMap<>();
    commits(partitions)
        .forEach(
            (partition, commit) -> {
              if (commit.metadata() != null) {
                metadata.put(partition, commit.metadata());
              }
            });
    return metadata;
  }

  private Map<TopicPartition, OffsetAndMetadata> commits(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    if (!partitions.isEmpty()) {
      ListConsumerGroupOffsetsSpec spec =
          new ListConsumerGroupOffsetsSpec().topicPartitions(List.copyOf(partitions));
      await(
              admin
                  .listConsumerGroupOffsets(Map.of(groupId, spec))
                  .partitionsToOffsetAndMetadata(groupId),
              "the committed offsets of group " + groupId)
          .forEach(
              (partition, offset) -> {
                if (offset != null) {
                  commits.put(partition, offset);
                }
              });
    }
    return commits;
  }

  /** The ids of the topics, by name: a {@link TopicIds}. */
  public Map<String, String> topicIds(Collection<String> topics) {
    Map<String, String> ids = new HashMap<>();
    if (!topics.isEmpty()) {
      await(admin.describeTopics(topics).allTopicNames(), "the ids of topics " + topics)
          .forEach((name, description) -> ids.put(name, description.topicId().toString()));
    }
    return ids;
  }

  private <K, V> Map<K, V> await(KafkaFuture<Map<K, V>> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "Could not read {}; this task goes by what it sees itself until the next assignment"
              + " (offsets going backwards, snapshot markers): {}",
          what,
          e.toString());
      return Map.of();
    }
  }
}
