package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.snapshot.SnapshotMarks;
import dev.unbundled.search.connector.snapshot.SweepPlan;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle's sweep step ({@code cdc.snapshot.sweep}): per topic, finds from the notes
 * committed with the offsets whether a source snapshot has ended since the last sweep, waits until
 * every partition is committed past it ({@link SweepPlan}), then deletes the documents of the
 * topic's indexes that the snapshot did not write again ({@link StaleDocuments}).
 *
 * <p>Each index records where its sweeps stand in its {@code _meta} under {@value #META_KEY}
 * (state, the snapshot's beginning and end, documents removed), which the status tool shows and
 * which keeps a sweep from running twice across restarts. A sweep that fails part way runs again at
 * the next check; deleting is idempotent.
 */
public final class SnapshotSweeps {

  private static final Logger log = LoggerFactory.getLogger(SnapshotSweeps.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Key of the sweep record in an index's {@code _meta}. */
  public static final String META_KEY = "snapshot_sweep";

  private final String connector;
  private final PositionSource positions;
  private final IndexCatalog catalog;
  private final StaleDocuments stale;
  private final LifecycleListener listener;

  public SnapshotSweeps(
      String connector,
      PositionSource positions,
      IndexCatalog catalog,
      StaleDocuments stale,
      LifecycleListener listener) {
    this.connector = connector;
    this.positions = positions;
    this.catalog = catalog;
    this.stale = stale;
    this.listener = listener;
  }

  /** One step: sweeps what can be swept now, for every topic. */
  void check(
      Map<String, IndexCatalog.IndexEntry> own, Map<TopicPartition, CatchUpCheck.Position> now) {
    Map<String, Map<Integer, SweepPlan.Partition>> byTopic = new HashMap<>();
    now.forEach(
        (partition, position) ->
            byTopic
                .computeIfAbsent(partition.topic(), t -> new HashMap<>())
                .put(
                    partition.partition(),
                    new SweepPlan.Partition(
                        position.committed(),
                        position.end(),
                        position.note() == null
                            ? SnapshotMarks.NONE
                            : position.note().snapshots())));
    byTopic.forEach(
        (topic, partitions) -> {
          List<IndexCatalog.IndexEntry> indexes =
              own.values().stream().filter(i -> topic.equals(i.owner().topic())).toList();
          if (indexes.isEmpty()) {
            return;
          }
          try {
            check(topic, partitions, indexes);
          } catch (Exception e) {
            if (e instanceof InterruptedException) {
              Thread.currentThread().interrupt();
            }
            log.warn(
                "Connector {}: snapshot sweep of topic {} failed, will retry: {}",
                connector,
                topic,
                e.toString());
          }
        });
  }

  private void check(
      String topic,
      Map<Integer, SweepPlan.Partition> partitions,
      List<IndexCatalog.IndexEntry> indexes)
      throws Exception {
    long sweptThrough = indexes.stream().mapToLong(SnapshotSweeps::sweptThrough).min().orElse(-1);
    Optional<Long> ended = SweepPlan.endAfter(partitions, sweptThrough);
    if (ended.isEmpty()) {
      return;
    }
    Set<TopicPartition> topicPartitions =
        partitions.keySet().stream()
            .map(p -> new TopicPartition(topic, p))
            .collect(Collectors.toSet());
    Map<Integer, Long> firstAfter = new HashMap<>();
    positions
        .firstOffsetsAfter(ended.get(), topicPartitions)
        .forEach((partition, offset) -> firstAfter.put(partition.partition(), offset));
    SweepPlan.Decision decision = SweepPlan.decide(ended.get(), partitions, firstAfter);
    for (IndexCatalog.IndexEntry index : indexes) {
      if (sweptThrough(index) < ended.get()) {
        act(topic, index, decision);
      }
    }
  }

  private void act(String topic, IndexCatalog.IndexEntry index, SweepPlan.Decision decision)
      throws IOException {
    JsonNode recorded = index.meta().path(META_KEY);
    long total = recorded.path("total_removed").asLong(0);
    if (decision instanceof SweepPlan.Waiting waiting) {
      if (!"waiting".equals(recorded.path("state").asText())
          || recorded.path("snapshot_ended").asLong() != waiting.ended()) {
        log.info(
            "Connector {}: a snapshot of topic {} ended at {}; index {} is swept once partitions"
                + " {} are committed past it",
            connector,
            topic,
            Instant.ofEpochMilli(waiting.ended()),
            index.name(),
            waiting.partitionsBehind());
        ObjectNode record = record("waiting", -1, waiting.ended(), total);
        record.putPOJO("partitions_behind", waiting.partitionsBehind());
        catalog.mark(index.name(), META_KEY, record);
      }
    } else if (decision instanceof SweepPlan.Unpaired unpaired) {
      log.warn(
          "Connector {}: a snapshot of topic {} ended at {}, but no partition noted where it"
              + " began; index {} is not swept for it (documents deleted at the source while it"
              + " was away may remain: rebuild with the status tool's reindex"
              + " --from-last-snapshot)",
          connector,
          topic,
          Instant.ofEpochMilli(unpaired.ended()),
          index.name());
      catalog.mark(index.name(), META_KEY, record("unpaired", -1, unpaired.ended(), total));
    } else if (decision instanceof SweepPlan.Sweep sweep) {
      catalog.mark(index.name(), META_KEY, record("sweeping", sweep.began(), sweep.ended(), total));
      long removed = stale.deleteStampedBefore(index.name(), sweep.began());
      ObjectNode done = record("done", sweep.began(), sweep.ended(), total + removed);
      done.put("removed", removed);
      done.put("swept_at", Instant.now().toString());
      catalog.mark(index.name(), META_KEY, done);
      listener.swept(topic, removed);
      log.info(
          "Connector {}: swept index {} after the snapshot of topic {} that began at {}: {}"
              + " document(s) its rows no longer have removed",
          connector,
          index.name(),
          topic,
          Instant.ofEpochMilli(sweep.began()),
          removed);
    }
  }

  private static ObjectNode record(String state, long began, long ended, long totalRemoved) {
    ObjectNode record = JSON.createObjectNode();
    record.put("state", state);
    if (began >= 0) {
      record.put("snapshot_began", began);
    }
    record.put("snapshot_ended", ended);
    record.put("total_removed", totalRemoved);
    return record;
  }

  /** The end of the last snapshot this index was swept for (or found unsweepable), or -1. */
  static long sweptThrough(IndexCatalog.IndexEntry index) {
    JsonNode recorded = index.meta().path(META_KEY);
    String state = recorded.path("state").asText();
    return "done".equals(state) || "unpaired".equals(state)
        ? recorded.path("snapshot_ended").asLong(-1)
        : -1;
  }
}
