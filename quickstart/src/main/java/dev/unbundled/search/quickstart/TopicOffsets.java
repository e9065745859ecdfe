package dev.unbundled.search.quickstart;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Where a topic ends, and how much of it a connector committed: the stories' progress. */
final class TopicOffsets {

  private TopicOffsets() {}

  /** The records in the topic so far: its partitions' end offsets, summed. */
  static long end(Admin admin, String topic, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
        .mapToLong(info -> info.offset())
        .sum();
  }

  /** The offsets the connector committed (its consumer group), summed over partitions. */
  static long committed(Admin admin, String connector) throws Exception {
    return admin
        .listConsumerGroupOffsets("connect-" + connector)
        .partitionsToOffsetAndMetadata()
        .get(30, TimeUnit.SECONDS)
        .values()
        .stream()
        .filter(Objects::nonNull)
        .mapToLong(offset -> offset.offset())
        .sum();
  }
}
