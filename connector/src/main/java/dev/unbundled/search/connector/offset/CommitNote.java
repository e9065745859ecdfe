package dev.unbundled.search.connector.offset;

import dev.unbundled.search.connector.snapshot.SnapshotMarks;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * What a task says about its writing along with each offset commit, as the commit's metadata.
 *
 * <p>Kafka keeps the metadata next to the committed offset of every partition, and the status tool
 * already reads those offsets: so an operator sees the task's adaptive in-flight limit with {@code
 * status}, without a metrics system and whichever worker runs the task. Metadata that is not a note
 * (another tool's, or none) reads as no note.
 *
 * @param inFlightLimit the requests the task lets be in flight now
 * @param inFlightCeiling its ceiling, {@code max.in.flight.requests}
 * @param limitChanges how often the limit changed since the task started
 * @param stall the stall of the task's writes at the commit, if its writes were failing then
 * @param snapshots the snapshot markers written in the partition (under {@code
 *     cdc.snapshot.sweep}), which makes the note one partition's
 */
public record CommitNote(
    int inFlightLimit,
    int inFlightCeiling,
    long limitChanges,
    Optional<Stall> stall,
    SnapshotMarks snapshots) {

  /**
   * Writes failing since {@code since} (wall clock, so that a reader can tell how long the stall
   * has lasted: {@code STALLED 4m12s}), with the latest error.
   */
  public record Stall(Instant since, String error) {

    /** Longest error kept: the note stays far below Kafka's limit on commit metadata. */
    static final int MAX_ERROR = 300;

    public Stall {
      String flat = error.replace('"', '\'').replaceAll("\\s+", " ");
      error = flat.length() > MAX_ERROR ? flat.substring(0, MAX_ERROR) + "..." : flat;
    }
  }

  public CommitNote(int inFlightLimit, int inFlightCeiling, long limitChanges) {
    this(inFlightLimit, inFlightCeiling, limitChanges, Optional.empty(), SnapshotMarks.NONE);
  }

  public CommitNote(int inFlightLimit, int inFlightCeiling, long limitChanges, Stall stall) {
    this(inFlightLimit, inFlightCeiling, limitChanges, Optional.of(stall), SnapshotMarks.NONE);
  }

  private static final String PREFIX = "unbundled-search-sink: ";
  private static final Pattern FORMAT =
      Pattern.compile(
          Pattern.quote(PREFIX)
              + "in-flight-limit=(\\d{1,9})/(\\d{1,9}) limit-changes=(\\d{1,18})"
              + "( stalled-since=(\\d{1,18}) stall-error=\"([^\"]*)\")?( (snapshot-.*))?");

  /** The note as commit metadata, far below Kafka's default limit of 4,096 characters. */
  public String encode() {
    return PREFIX
        + "in-flight-limit="
        + inFlightLimit
        + "/"
        + inFlightCeiling
        + " limit-changes="
        + limitChanges
        + stall
            .map(
                s ->
                    " stalled-since="
                        + s.since().toEpochMilli()
                        + " stall-error=\""
                        + s.error()
                        + "\"")
            .orElse("")
        + (snapshots.isEmpty() ? "" : " " + snapshots.encode());
  }

  /** This note, for a partition where {@code marks} were written. */
  public CommitNote withSnapshots(SnapshotMarks marks) {
    return new CommitNote(inFlightLimit, inFlightCeiling, limitChanges, stall, marks);
  }

  /** The snapshot markers in each partition's committed metadata, where it holds a note. */
  public static Map<TopicPartition, SnapshotMarks> snapshotsIn(
      Map<TopicPartition, String> metadata) {
    Map<TopicPartition, SnapshotMarks> marks = new HashMap<>();
    metadata.forEach(
        (partition, text) -> parse(text).ifPresent(note -> marks.put(partition, note.snapshots())));
    return marks;
  }

  /** The note in a commit's metadata, if it holds one. */
  public static Optional<CommitNote> parse(String metadata) {
    if (metadata == null) {
      return Optional.empty();
    }
    Matcher matcher = FORMAT.matcher(metadata);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new CommitNote(
            Integer.parseInt(matcher.group(1)),
            Integer.parseInt(matcher.group(2)),
            Long.parseLong(matcher.group(3)),
            matcher.group(4) == null
                ? Optional.empty()
                : Optional.of(
                    new Stall(
                        Instant.ofEpochMilli(Long.parseLong(matcher.group(5))), matcher.group(6))),
            SnapshotMarks.parse(matcher.group(8))));
  }
}
