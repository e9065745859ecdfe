package dev.unbundled.search.connector.offset;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Notices when a partition's offsets went backwards under the task: the topic was deleted and
 * created again, or a leader lost records it had acknowledged. Kafka then starts the partition
 * again from its earliest offset, and the task sees offsets it has already been past.
 *
 * <p>Two things are known to be past for each partition: the offset committed for it, and, within
 * one assignment, the last record seen, since Kafka delivers a partition's records in offset order
 * (the task never asks for a redelivery). A record below either is a rewind. The committed offset
 * is the consumer group's, read when the partition is assigned; where Kafka has none, the offset
 * this task last committed for it, remembered across assignments: Kafka forgets a deleted topic's
 * committed offsets, so a partition that comes back to the same task after its topic was re-created
 * is still caught. An operator's offset reset through Connect's REST API needs the connector
 * stopped, so it meets new tasks with nothing to remember, and the group's offsets read at
 * assignment are then the reset ones: a reset never counts as a rewind.
 */
public final class OffsetRewindCheck {

  /**
   * A record below what was already past in its partition.
   *
   * @param committed the highest offset known committed for the partition, or -1
   * @param reached one past the last offset seen in this assignment, or -1
   * @param offset the record's offset
   */
  public record Rewind(TopicPartition partition, long committed, long reached, long offset) {}

  private static final long NONE = -1;

  /** What is known of one partition; mutable, so that a record costs one lookup and no boxing. */
  private static final class Partition {
    /** The offset this task last reported for committing; kept across assignments. */
    long committedByTask = NONE;

    /** The group's committed offset read at assignment, while assigned. */
    long committedAtAssignment = NONE;

    /** The last offset seen in this assignment. */
    long lastSeen = NONE;
  }

  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  private Partition partition(TopicPartition partition) {
    return partitions.computeIfAbsent(partition, p -> new Partition());
  }

  /**
   * The task now owns {@code assigned}; {@code committed} holds the offsets committed for them, as
   * far as they could be read (a partition without one is missing).
   */
  public void assigned(Collection<TopicPartition> assigned, Map<TopicPartition, Long> committed) {
    for (TopicPartition partition : assigned) {
      Partition state = partition(partition);
      state.lastSeen = NONE;
      state.committedAtAssignment = committed.getOrDefault(partition, NONE);
    }
  }

  /** The task no longer owns {@code revoked}; what it committed for them is kept. */
  public void revoked(Collection<TopicPartition> revoked) {
    for (TopicPartition partition : revoked) {
      Partition state = partition(partition);
      state.lastSeen = NONE;
      state.committedAtAssignment = NONE;
    }
  }

  /** Offsets the task has reported to Connect for committing. */
  public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (partition, offset) -> {
          Partition state = partition(partition);
          state.committedByTask = Math.max(state.committedByTask, offset.offset());
        });
  }

  /**
   * The rewind is accepted (versions from the records keep the index right): the partition's new
   * offsets are from now on the ones to compare with.
   */
  public void accepted(Rewind rewind) {
    Partition state = partition(rewind.partition());
    state.committedByTask = NONE;
    state.committedAtAssignment = NONE;
  }

  /**
   * Checks the next record of {@code partition}, and remembers it as seen.
   *
   * @return the rewind, when {@code offset} is below what was already past in the partition
   */
  public Optional<Rewind> check(TopicPartition partition, long offset) {
    Partition state = partition(partition);
    // The group's offset when Kafka has one: this task's own commits may have failed since. The
    // task's memory only when Kafka has none (it forgets the offsets of a deleted topic).
    long committed =
        state.committedAtAssignment != NONE ? state.committedAtAssignment : state.committedByTask;
    long reached = state.lastSeen == NONE ? NONE : state.lastSeen + 1;
    state.lastSeen = offset;
    if (offset < committed || offset < reached) {
      return Optional.of(new Rewind(partition, committed, reached, offset));
    }
    return Optional.empty();
  }
}
