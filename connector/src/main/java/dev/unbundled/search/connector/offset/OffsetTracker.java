package dev.unbundled.search.connector.offset;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows, per partition, the offset below which every record is done (acknowledged by Elasticsearch,
 * or reported through the error policy), so that only such offsets are committed.
 *
 * <p>Records are registered in the order the task receives them and may be finished in any order:
 * the committable offset only moves past a record once it and every record before it are done.
 * Partitions are the records' original Kafka coordinates, so transforms that rename topics do not
 * confuse the commits. Used from the task's thread only.
 */
public final class OffsetTracker {

  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

  /** A record in flight; {@link #done()} marks it finished. */
  public static final class Pending {
    private final PartitionState partition;
    private final long offset;
    private boolean done;

    private Pending(PartitionState partition, long offset) {
      this.partition = partition;
      this.offset = offset;
    }

    /** Marks the record finished, moving its partition's committable offset if it can. */
    public void done() {
      done = true;
      partition.advance();
    }
  }

  private static final class PartitionState {
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private long committable = -1;

    /** Moves the committable offset past the finished records at the head. */
    void advance() {
      while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
        committable = inFlight.pollFirst().offset + 1;
      }
    }
  }

  /** Registers the record at {@code offset} of {@code partition}, received in offset order. */
  public Pending register(TopicPartition partition, long offset) {
    PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
    Pending pending = new Pending(state, offset);
    state.inFlight.addLast(pending);
    return pending;
  }

  /**
   * The offsets to commit: per partition, the offset of the first record that is not done yet (or
   * one past the last record, when all are done). Partitions with no finished record since the task
   * got them are left out. Every offset carries {@code metadata}, Kafka's free text beside it.
   */
  public Map<TopicPartition, OffsetAndMetadata> committableOffsets(String metadata) {
    return committableOffsets(partition -> metadata, Map.of());
  }

  /**
   * The offsets to commit, as {@link #committableOffsets(String)}, each with its partition's {@code
   * metadata}, and counting the records the worker {@code consumed} that never reached the task:
   * where none of its records is pending, up to what the worker consumed; otherwise up to the first
   * pending record. The worker's offsets count the records its transforms dropped (a filter, the
   * tombstone after a CDC delete): without them a partition that ends with such records would stay
   * committed short of its end, and never count as caught up.
   */
  public Map<TopicPartition, OffsetAndMetadata> committableOffsets(
      Function<TopicPartition, String> metadata, Map<TopicPartition, OffsetAndMetadata> consumed) {
    Set<TopicPartition> all = new HashSet<>(partitions.keySet());
    all.addAll(consumed.keySet());
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : all) {
      PartitionState state = partitions.get(partition);
      OffsetAndMetadata worker = consumed.get(partition);
      long offset = state == null ? -1 : state.committable;
      if (state != null && !state.inFlight.isEmpty()) {
        // Every record before the first pending one is done, or was dropped before put().
        if (offset >= 0 || worker != null) {
          offset = state.inFlight.peekFirst().offset;
        }
      } else if (worker != null) {
        offset = Math.max(offset, worker.offset());
      }
      if (offset >= 0) {
        offsets.put(partition, new OffsetAndMetadata(offset, metadata.apply(partition)));
      }
    }
    return offsets;
  }

  /** The partitions with records registered and not forgotten. */
  public Set<TopicPartition> tracked() {
    return Set.copyOf(partitions.keySet());
  }

  /** Forgets partitions the task no longer owns. */
  public void forget(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
  }
}
