package dev.unbundled.search.connector;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses a task's partitions while it keeps records the bulk writer had no room for, so that {@code
 * put()} returns instead of blocking Connect's consumer for a whole outage, and resumes them once
 * the task keeps none.
 *
 * <p>Nothing here tracks which partitions it paused: Connect pauses again, after a rebalance, the
 * partitions the task had paused and still owns, and a partition left paused is a task that stops
 * reading without a word. So a partition given to the task is resumed at once (the task keeps
 * nothing for it), and resuming resumes every assigned partition.
 */
final class RoomPause {

  private static final Logger log = LoggerFactory.getLogger(RoomPause.class);

  /**
   * Longest wait in {@code put} for a request to start. Connect must call {@code poll()} at least
   * every {@code max.poll.interval.ms} (5 minutes by default), or the consumer leaves its group: a
   * put that waited out a long outage would cost a rebalance. So put waits this long at most, then
   * keeps the records it could not write (one poll's worth), pauses its partitions and returns;
   * Connect goes on polling (nothing, while paused), committing and calling put, which writes the
   * kept records first and resumes once they are all with the writer.
   */
  static final Duration ROOM_WAIT = Duration.ofSeconds(5);

  /** While records are kept or writes stall: how soon Connect calls put again. */
  static final long RECHECK_MS = 1_000;

  private final SinkTaskContext context;
  private boolean pausing;

  RoomPause(SinkTaskContext context) {
    this.context = context;
  }

  /** Records the writer could not take yet: pauses every assigned partition, {@code kept} kept. */
  void pause(int kept) {
    Set<TopicPartition> assigned = context.assignment();
    if (!pausing && !assigned.isEmpty()) {
      log.info(
          "{} records kept until they can be written; consumption of {} partitions paused",
          kept,
          assigned.size());
    }
    pausing = true;
    context.pause(assigned.toArray(new TopicPartition[0]));
    context.timeout(RECHECK_MS);
  }

  /**
   * Nothing kept any more: resumes every assigned partition. Whether or not it remembers pausing
   * them: a partition that stays paused for good is a task that silently stops, and resuming one
   * that is not paused costs nothing.
   */
  void resume() {
    Set<TopicPartition> assigned = context.assignment();
    if (pausing) {
      pausing = false;
      log.info("Room again: consumption of {} partitions resumed", assigned.size());
    }
    if (!assigned.isEmpty()) {
      context.resume(assigned.toArray(new TopicPartition[0]));
    }
  }

  /** Partitions just given to the task: it keeps nothing for them, so they must be read. */
  void given(Collection<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      context.resume(partitions.toArray(new TopicPartition[0]));
    }
  }
}
