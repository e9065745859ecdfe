package dev.unbundled.search.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotMarksTest {

  @Test
  void marksReadBackFromTheCommitMetadataTheyAreWrittenIn() {
    SnapshotMarks marks = SnapshotMarks.NONE.begun(100).begun(300).ended(250);

    assertThat(marks.encode()).isEqualTo("snapshot-begins=100,300 snapshot-end=250");
    assertThat(SnapshotMarks.parse("anything before " + marks.encode())).isEqualTo(marks);
    assertThat(SnapshotMarks.parse(SnapshotMarks.NONE.begun(5).encode()).end()).isEqualTo(-1);
  }

  @Test
  void noMarksWriteNothingAndUnknownTextReadsAsNone() {
    assertThat(SnapshotMarks.NONE.encode()).isEmpty();
    assertThat(SnapshotMarks.parse(null)).isEqualTo(SnapshotMarks.NONE);
    assertThat(SnapshotMarks.parse("written by another tool")).isEqualTo(SnapshotMarks.NONE);
  }

  @Test
  void onlyTheLatestBeginningsAreKeptAndAnEndNeverMovesBack() {
    SnapshotMarks marks = SnapshotMarks.NONE;
    for (long t = 1; t <= 6; t++) {
      marks = marks.begun(t * 10);
    }
    marks = marks.ended(50).ended(20);

    assertThat(marks.begins()).containsExactly(30L, 40L, 50L, 60L);
    assertThat(marks.end()).isEqualTo(50);
  }

  @Test
  void twoOwnersMarksMergeAndReplayedMarksAddNothing() {
    SnapshotMarks earlier = new SnapshotMarks(List.of(10L), 20);
    SnapshotMarks later = new SnapshotMarks(List.of(10L, 30L), -1);

    assertThat(earlier.merge(later)).isEqualTo(new SnapshotMarks(List.of(10L, 30L), 20));
    assertThat(earlier.merge(earlier)).isEqualTo(earlier);
  }

  @Test
  void theBeginningOfASnapshotIsTheLatestOneNotAfterItsEnd() {
    SnapshotMarks marks = new SnapshotMarks(List.of(10L, 30L, 70L), 50);

    assertThat(marks.latestBeginAtOrBefore(50)).contains(30L);
    assertThat(marks.latestBeginAtOrBefore(5)).isEmpty();
  }
}
