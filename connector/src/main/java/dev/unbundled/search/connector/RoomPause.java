package dev.unbundled.search.connector;

import java.time.Duration;
import java.util.HashSet;
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
 * <p>What it paused stays noted when a rebalance revokes a partition: Connect keeps a paused
 * partition paused when a rebalance gives it back, so it must be resumed like the others.
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
  private final Set<TopicPartition> paused = new HashSet<>();

  RoomPause(SinkTaskContext context) {
    this.context = context;
  }

  /** Records the writer could not take yet: pauses every assigned partition, {@code kept} kept. */
  void pause(int kept) {
    Set<TopicPartition> assigned = context.assignment();
    if (paused.isEmpty() && !assigned.isEmpty()) {
      log.debug(
          "{} records kept until they can be written; consumption of {} partitions paused",
          kept,
          assigned.size());
    }
    paused.addAll(assigned);
    context.pause(assigned.toArray(new TopicPartition[0]));
    context.timeout(RECHECK_MS);
  }

  /** Nothing kept any more: resumes what it paused that the task still owns. */
  void resume() {
    if (paused.isEmpty()) {
      return;
    }
    Set<TopicPartition> resuming = new HashSet<>(paused);
    resuming.retainAll(context.assignment());
    paused.clear();
    if (!resuming.isEmpty()) {
      log.debug("Room again: consumption of {} partitions resumed", resuming.size());
      context.resume(resuming.toArray(new TopicPartition[0]));
    }
  }
}
