package dev.unbundled.search.connector.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides, for one topic, whether the documents a completed snapshot did not write again may be
 * deleted, from what Kafka says of each partition.
 *
 * <p>A snapshot that ended at {@code E} (its end marker's timestamp) was written in full once every
 * partition is committed past its records stamped up to {@code E}: the producer sent every record
 * of the snapshot before its end marker, in whichever partition. The snapshot began at the latest
 * beginning marker at or before {@code E} in any partition; a document stamped before that was
 * written by no record of the snapshot, so its row was gone when the snapshot read the table. A
 * snapshot whose beginning no partition noted (a crashed source whose snapshot started over is
 * fine: its last beginning counts) is never swept: deleting needs to know where it began.
 */
public final class SweepPlan {

  private SweepPlan() {}

  /**
   * Where one partition stands.
   *
   * @param committed the committed offset (past trailing transaction markers)
   * @param end the partition's end offset
   * @param marks what the task noted with that commit
   */
  public record Partition(long committed, long end, SnapshotMarks marks) {}

  /** What to do now. */
  public sealed interface Decision {}

  /** No snapshot ended since the last sweep. */
  public record Nothing() implements Decision {}

  /** A snapshot ended at {@code ended}, and these partitions are not yet committed past it. */
  public record Waiting(long ended, List<Integer> partitionsBehind) implements Decision {}

  /** A snapshot ended at {@code ended}, and no partition noted where it began. */
  public record Unpaired(long ended) implements Decision {}

  /**
   * Delete the documents stamped before {@code began}: the snapshot that ended at {@code ended}.
   */
  public record Sweep(long began, long ended) implements Decision {}

  /** The latest snapshot end any partition noted, if later than {@code sweptThrough}. */
  public static Optional<Long> endAfter(Map<Integer, Partition> partitions, long sweptThrough) {
    long latest = partitions.values().stream().mapToLong(p -> p.marks().end()).max().orElse(-1);
    return latest > sweptThrough ? Optional.of(latest) : Optional.empty();
  }

  /**
   * The decision for the snapshot that ended at {@code ended}.
   *
   * @param firstAfterEnd per partition, the first offset whose timestamp is after {@code ended}, or
   *     -1 when no record is (then every record of the partition must be committed)
   */
  public static Decision decide(
      long ended, Map<Integer, Partition> partitions, Map<Integer, Long> firstAfterEnd) {
    List<Integer> behind =
        new TreeMap<>(partitions)
            .entrySet().stream()
                .filter(
                    e -> {
                      long barrier = firstAfterEnd.getOrDefault(e.getKey(), -1L);
                      long needed = barrier >= 0 ? barrier : e.getValue().end();
                      return e.getValue().committed() < needed;
                    })
                .map(Map.Entry::getKey)
                .toList();
    if (!behind.isEmpty()) {
      return new Waiting(ended, behind);
    }
    return partitions.values().stream()
        .map(p -> p.marks().latestBeginAtOrBefore(ended))
        .flatMap(Optional::stream)
        .max(Long::compare)
        .<Decision>map(began -> new Sweep(began, ended))
        .orElseGet(() -> new Unpaired(ended));
  }
}
