package dev.unbundled.search.connector.snapshot;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A task's {@link SnapshotMarks} per partition: the markers of the records it was given, on top of
 * what the partition's previous owner committed. Used from the task's thread only.
 *
 * <p>A mark is taken when the record arrives, before Elasticsearch acknowledges it, and may be
 * committed with an offset below the record. That is safe: a sweep waits until every partition is
 * committed past the snapshot's end, the marked record's own partition included.
 */
public final class WrittenMarks {

  private final List<String> markerNames;
  private final Map<TopicPartition, SnapshotMarks> marks = new HashMap<>();

  /**
   * @param markerNames the headers or value fields that carry the marker
   */
  public WrittenMarks(List<String> markerNames) {
    this.markerNames = List.copyOf(markerNames);
  }

  /** Takes note of {@code record}'s marker, read in its original {@code partition}. */
  public void written(TopicPartition partition, SinkRecord record) {
    Long timestamp = record.timestamp();
    if (timestamp == null || timestamp < 0) {
      return;
    }
    switch (SnapshotMarker.of(record, markerNames)) {
      case BEGIN ->
          marks.merge(partition, SnapshotMarks.NONE.begun(timestamp), SnapshotMarks::merge);
      case END -> marks.merge(partition, SnapshotMarks.NONE.ended(timestamp), SnapshotMarks::merge);
      case INSIDE, NONE -> {}
    }
  }

  /** Carries on the marks committed for partitions this task was just given. */
  public void committedBefore(Map<TopicPartition, SnapshotMarks> committed) {
    committed.forEach(
        (partition, earlier) -> marks.merge(partition, earlier, SnapshotMarks::merge));
  }

  public SnapshotMarks of(TopicPartition partition) {
    return marks.getOrDefault(partition, SnapshotMarks.NONE);
  }

  public void forget(Collection<TopicPartition> revoked) {
    revoked.forEach(marks::remove);
  }
}
