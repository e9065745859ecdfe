package dev.unbundled.search.tool.rebuild;

import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.connector.lifecycle.SnapshotSweeps;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a ghost-free rebuild ({@code reindex --from-last-snapshot}) starts: in each partition of
 * each topic, the first record of the last source snapshot that the old connector saw complete and
 * swept ({@code cdc.snapshot.sweep}). A snapshot holds every row the table had, so a rebuild from
 * there needs nothing of the history before it, and deleted rows' old records never reach it.
 */
public final class SnapshotStart {

  private SnapshotStart() {}

  /**
   * Per topic, when the last swept snapshot began (epoch milliseconds), from the {@code _meta} of
   * {@code connector}'s indexes; topics of its without one are in {@code missing}.
   */
  public static Map<String, Long> beginnings(
      String connector, Collection<IndexCatalog.IndexEntry> indexes, List<String> missing) {
    Map<String, Long> began = new TreeMap<>();
    List<String> topics = new ArrayList<>();
    for (IndexCatalog.IndexEntry index : indexes) {
      if (index.ownership().filter(o -> o.connector().equals(connector)).isEmpty()) {
        continue;
      }
      String topic = index.owner().topic();
      topics.add(topic);
      var sweep = index.meta().path(SnapshotSweeps.META_KEY);
      if ("done".equals(sweep.path("state").asText()) && sweep.has("snapshot_began")) {
        began.merge(topic, sweep.path("snapshot_began").asLong(), Math::max);
      }
    }
    topics.stream().distinct().filter(t -> !began.containsKey(t)).forEach(missing::add);
    return began;
  }

  /**
   * The offsets to start from: per partition, Kafka's first offset at or after the topic's
   * beginning, or the partition's end when no record is that recent.
   */
  public static Map<TopicPartition, Long> offsets(Admin admin, Map<String, Long> beginnings)
      throws Exception {
    Map<String, TopicDescription> topics =
        admin.describeTopics(beginnings.keySet()).allTopicNames().get(30, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> at = new HashMap<>();
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    topics.forEach(
        (topic, description) ->
            description
                .partitions()
                .forEach(
                    p -> {
                      TopicPartition partition = new TopicPartition(topic, p.partition());
                      at.put(partition, OffsetSpec.forTimestamp(beginnings.get(topic)));
                      ends.put(partition, OffsetSpec.latest());
                    }));
    Map<TopicPartition, Long> found = list(admin, at);
    Map<TopicPartition, Long> end = list(admin, ends);
    Map<TopicPartition, Long> offsets = new TreeMap<>(SnapshotStart::compare);
    Set<TopicPartition> partitions = at.keySet();
    for (TopicPartition partition : partitions) {
      long offset = found.getOrDefault(partition, -1L);
      offsets.put(partition, offset >= 0 ? offset : end.get(partition));
    }
    return offsets;
  }

  private static Map<TopicPartition, Long> list(Admin admin, Map<TopicPartition, OffsetSpec> specs)
      throws Exception {
    return admin
        .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get(30, TimeUnit.SECONDS)
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static int compare(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }
}
