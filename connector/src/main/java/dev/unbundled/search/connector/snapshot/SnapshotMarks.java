package dev.unbundled.search.connector.snapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snapshot markers a task has written in one partition, by their records' Kafka timestamps:
 * when the latest few snapshots began, and when the latest one ended. Committed with the
 * partition's offset (in its commit note), so the life cycle reads them from Kafka, knowing they
 * hold for every record below that offset, and a task that takes the partition over carries them
 * on.
 *
 * @param begins timestamps of the latest snapshot beginnings, oldest first, at most {@link
 *     #BEGINS_KEPT}
 * @param end timestamp of the latest snapshot end, or -1 when none was seen
 */
public record SnapshotMarks(List<Long> begins, long end) {

  public static final SnapshotMarks NONE = new SnapshotMarks(List.of(), -1);

  /**
   * Beginnings kept: a snapshot that starts again after a crash, before it ended, adds one; more
   * than a few between two ends only means that older ones no longer matter.
   */
  static final int BEGINS_KEPT = 4;

  private static final Pattern FORMAT =
      Pattern.compile("snapshot-begins=([0-9,]*) snapshot-end=(-1|\\d{1,19})");

  public SnapshotMarks {
    begins = List.copyOf(begins);
  }

  /** These marks and a snapshot beginning at {@code timestamp}. */
  public SnapshotMarks begun(long timestamp) {
    if (begins.contains(timestamp)) {
      return this;
    }
    List<Long> more = new ArrayList<>(begins);
    more.add(timestamp);
    more.sort(null);
    while (more.size() > BEGINS_KEPT) {
      more.remove(0);
    }
    return new SnapshotMarks(more, end);
  }

  /** These marks and a snapshot ending at {@code timestamp}. */
  public SnapshotMarks ended(long timestamp) {
    return timestamp <= end ? this : new SnapshotMarks(begins, timestamp);
  }

  /** These marks and {@code other}'s: what two owners of a partition saw. */
  public SnapshotMarks merge(SnapshotMarks other) {
    SnapshotMarks merged = ended(other.end);
    for (long begin : other.begins) {
      merged = merged.begun(begin);
    }
    return merged;
  }

  public boolean isEmpty() {
    return begins.isEmpty() && end < 0;
  }

  /** The marks as a fragment of commit metadata, empty when there are none. */
  public String encode() {
    if (isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("snapshot-begins=");
    for (int i = 0; i < begins.size(); i++) {
      text.append(i == 0 ? "" : ",").append(begins.get(i));
    }
    return text.append(" snapshot-end=").append(end).toString();
  }

  /** The marks in {@code text} (commit metadata), or none. */
  public static SnapshotMarks parse(String text) {
    if (text == null) {
      return NONE;
    }
    Matcher matcher = FORMAT.matcher(text);
    if (!matcher.find()) {
      return NONE;
    }
    List<Long> begins =
        matcher.group(1).isEmpty()
            ? List.of()
            : Arrays.stream(matcher.group(1).split(",")).map(Long::valueOf).toList();
    return new SnapshotMarks(begins, Long.parseLong(matcher.group(2)));
  }

  /** The latest beginning at or before {@code timestamp}. */
  public Optional<Long> latestBeginAtOrBefore(long timestamp) {
    Long found = null;
    for (long begin : begins) {
      if (begin <= timestamp) {
        found = begin;
      }
    }
    return Optional.ofNullable(found);
  }
}
