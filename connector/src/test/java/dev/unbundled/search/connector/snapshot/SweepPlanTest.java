package dev.unbundled.search.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

  private static SweepPlan.Partition at(long committed, long end, SnapshotMarks marks) {
    return new SweepPlan.Partition(committed, end, marks);
  }

  @Test
  void nothingToSweepBeforeAnySnapshotEndsOrOnceItWasSwept() {
    Map<Integer, SweepPlan.Partition> partitions =
        Map.of(0, at(10, 10, SnapshotMarks.NONE.begun(100)), 1, at(5, 5, SnapshotMarks.NONE));

    assertThat(SweepPlan.endAfter(partitions, -1)).isEmpty();
    assertThat(SweepPlan.endAfter(Map.of(0, at(1, 1, SnapshotMarks.NONE.ended(200))), 200))
        .isEmpty();
  }

  @Test
  void aSweepWaitsUntilEveryPartitionIsCommittedPastTheSnapshotsEnd() {
    // The end marker is in partition 1; partition 0 holds snapshot records up to offset 40, and
    // its first record after the end is at 41: committed at 30, it is still behind.
    Map<Integer, SweepPlan.Partition> partitions =
        Map.of(
            0, at(30, 60, SnapshotMarks.NONE.begun(100)),
            1, at(20, 20, SnapshotMarks.NONE.ended(200)));

    assertThat(SweepPlan.decide(200, partitions, Map.of(0, 41L, 1, -1L)))
        .isEqualTo(new SweepPlan.Waiting(200, List.of(0)));
  }

  @Test
  void aPartitionWithNoRecordAfterTheEndMustBeCommittedToItsEnd() {
    Map<Integer, SweepPlan.Partition> partitions =
        Map.of(
            0, at(59, 60, SnapshotMarks.NONE.begun(100)),
            1, at(20, 20, SnapshotMarks.NONE.ended(200)));

    assertThat(SweepPlan.decide(200, partitions, Map.of(0, -1L, 1, -1L)))
        .isInstanceOf(SweepPlan.Waiting.class);
    assertThat(SweepPlan.decide(200, partitions, Map.of())).isInstanceOf(SweepPlan.Waiting.class);
  }

  @Test
  void onceAllArePastItTheSweepDeletesWhatWasWrittenBeforeTheLatestBeginningInAnyPartition() {
    // A first snapshot began at 100 and started over at 150 (its source crashed); it ended at 200.
    // A later snapshot began at 300 in partition 2 and has not ended: it plays no part.
    Map<Integer, SweepPlan.Partition> partitions =
        Map.of(
            0, at(41, 60, SnapshotMarks.NONE.begun(100)),
            1, at(20, 20, SnapshotMarks.NONE.begun(150).ended(200)),
            2, at(9, 9, SnapshotMarks.NONE.begun(300)));

    assertThat(SweepPlan.decide(200, partitions, Map.of(0, 41L, 1, -1L, 2, 3L)))
        .isEqualTo(new SweepPlan.Sweep(150, 200));
  }

  @Test
  void aSnapshotWhoseBeginningNoPartitionNotedIsNeverSwept() {
    Map<Integer, SweepPlan.Partition> partitions =
        Map.of(0, at(20, 20, SnapshotMarks.NONE.begun(300).ended(200)));

    assertThat(SweepPlan.decide(200, partitions, Map.of(0, -1L)))
        .isEqualTo(new SweepPlan.Unpaired(200));
  }
}
