package dev.unbundled.search.connector.offset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.snapshot.SnapshotMarks;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommitNoteTest {

  @Test
  void aNoteReadsBackFromTheMetadataItIsCommittedAs() {
    CommitNote note = new CommitNote(3, 4, 17);

    assertThat(note.encode())
        .isEqualTo("unbundled-search-sink: in-flight-limit=3/4 limit-changes=17");
    assertThat(CommitNote.parse(note.encode())).contains(note);
  }

  @Test
  void aPartitionsSnapshotMarksRideAlongAndAnOlderNoteReadsWithNone() {
    CommitNote note =
        new CommitNote(3, 4, 17).withSnapshots(SnapshotMarks.NONE.begun(100).ended(200));

    assertThat(note.encode())
        .isEqualTo(
            "unbundled-search-sink: in-flight-limit=3/4 limit-changes=17"
                + " snapshot-begins=100 snapshot-end=200");
    assertThat(CommitNote.parse(note.encode())).contains(note);
    assertThat(CommitNote.parse(new CommitNote(3, 4, 17).encode()))
        .hasValueSatisfying(n -> assertThat(n.snapshots()).isEqualTo(SnapshotMarks.NONE));
  }

  @Test
  void aStallRidesAlongForTheStatusToolAndAnOlderNoteReadsWithNone() {
    CommitNote note =
        new CommitNote(
                1,
                4,
                2,
                new CommitNote.Stall(
                    Instant.ofEpochMilli(1_765_000_000_000L),
                    "503 unavailable_shards_exception: \"[products-v2][3]\" primary\nnot active"))
            .withSnapshots(SnapshotMarks.NONE.begun(100));

    assertThat(note.encode())
        .isEqualTo(
            "unbundled-search-sink: in-flight-limit=1/4 limit-changes=2"
                + " stalled-since=1765000000000 stall-error=\"503 unavailable_shards_exception:"
                + " '[products-v2][3]' primary not active\" snapshot-begins=100 snapshot-end=-1");
    assertThat(CommitNote.parse(note.encode())).contains(note);
    assertThat(CommitNote.parse(new CommitNote(3, 4, 17).encode()))
        .hasValueSatisfying(n -> assertThat(n.stall()).isEmpty());
  }

  @Test
  void metadataThatIsNotANoteReadsAsNone() {
    assertThat(CommitNote.parse(null)).isEmpty();
    assertThat(CommitNote.parse("")).isEmpty();
    assertThat(CommitNote.parse("written by another tool")).isEmpty();
    assertThat(CommitNote.parse("unbundled-search-sink: in-flight-limit=x/4 limit-changes=1"))
        .isEmpty();
    assertThat(
            CommitNote.parse(
                "unbundled-search-sink: in-flight-limit=99999999999/4 limit-changes=1"))
        .isEmpty();
  }
}
