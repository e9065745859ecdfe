package dev.unbundled.search.connector.offset;

import dev.unbundled.search.connector.snapshot.SnapshotMarks;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * @param snapshots the snapshot markers written in the partition (under {@code
 *     cdc.snapshot.sweep}), which makes the note one partition's
 */
public record CommitNote(
    int inFlightLimit, int inFlightCeiling, long limitChanges, SnapshotMarks snapshots) {

  public CommitNote(int inFlightLimit, int inFlightCeiling, long limitChanges) {
    this(inFlightLimit, inFlightCeiling, limitChanges, SnapshotMarks.NONE);
  }

  private static final String PREFIX = "unbundled-search-sink: ";
  private static final Pattern FORMAT =
      Pattern.compile(
          Pattern.quote(PREFIX)
              + "in-flight-limit=(\\d{1,9})/(\\d{1,9}) limit-changes=(\\d{1,18})( (snapshot-.*))?");

  /** The note as commit metadata, far below Kafka's default limit of 4,096 characters. */
  public String encode() {
    return PREFIX
        + "in-flight-limit="
        + inFlightLimit
        + "/"
        + inFlightCeiling
        + " limit-changes="
        + limitChanges
        + (snapshots.isEmpty() ? "" : " " + snapshots.encode());
  }

  /** This note, for a partition where {@code marks} were written. */
  public CommitNote withSnapshots(SnapshotMarks marks) {
    return new CommitNote(inFlightLimit, inFlightCeiling, limitChanges, marks);
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
            SnapshotMarks.parse(matcher.group(5))));
  }
}
