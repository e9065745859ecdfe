package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.ConcurrencyLimit;
import dev.unbundled.search.connector.bulk.WriteStall;
import dev.unbundled.search.connector.offset.CommitNote;
import dev.unbundled.search.connector.snapshot.SnapshotMarks;
import dev.unbundled.search.connector.snapshot.WrittenMarks;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * What a task notes with each partition's offset commit ({@link CommitNote}): its in-flight limit,
 * the stall of its writes if any, and, under {@code cdc.snapshot.sweep}, the snapshot markers it
 * wrote in the partition.
 */
final class CommitNotes {

  private final ConcurrencyLimit limit;
  private final WriteStall stall;
  private final WrittenMarks snapshotMarks;

  /** {@code snapshotMarks} null when the snapshot sweep is off. */
  CommitNotes(ConcurrencyLimit limit, WriteStall stall, WrittenMarks snapshotMarks) {
    this.limit = limit;
    this.stall = stall;
    this.snapshotMarks = snapshotMarks;
  }

  /** Each partition's note as of {@code now} (a stall is noted by when it began). */
  Function<TopicPartition, String> at(Instant now) {
    Optional<CommitNote.Stall> stalled =
        stall
            .current()
            .map(s -> new CommitNote.Stall(now.minus(s.duration()), s.error() + ": " + s.detail()));
    CommitNote note =
        new CommitNote(limit.limit(), limit.max(), limit.changes(), stalled, SnapshotMarks.NONE);
    return partition ->
        snapshotMarks == null
            ? note.encode()
            : note.withSnapshots(snapshotMarks.of(partition)).encode();
  }
}
