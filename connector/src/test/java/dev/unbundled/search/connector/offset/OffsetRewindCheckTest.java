package dev.unbundled.search.connector.offset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetRewindCheckTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private final OffsetRewindCheck check = new OffsetRewindCheck();

  @Test
  void recordsFromTheCommittedOffsetOnAreNoRewind() {
    check.assigned(List.of(P0), Map.of(P0, 50L));

    assertThat(check.check(P0, 50)).isEmpty();
    assertThat(check.check(P0, 51)).isEmpty();
    // Compaction and retention leave gaps: forward jumps are fine.
    assertThat(check.check(P0, 900)).isEmpty();
  }

  @Test
  void aFirstRecordBelowTheGroupsCommittedOffsetIsARewind() {
    check.assigned(List.of(P0, P1), Map.of(P0, 50L));

    assertThat(check.check(P0, 3)).contains(new OffsetRewindCheck.Rewind(P0, 50, -1, 3));
    // A partition with nothing committed has nothing to go back from.
    assertThat(check.check(P1, 0)).isEmpty();
  }

  @Test
  void aRecordBelowOneAlreadySeenInTheSameAssignmentIsARewind() {
    check.assigned(List.of(P0), Map.of());
    check.check(P0, 10);
    check.check(P0, 11);

    assertThat(check.check(P0, 0)).contains(new OffsetRewindCheck.Rewind(P0, -1, 12, 0));
  }

  @Test
  void whatTheTaskCommittedCountsWhenKafkaForgotTheOffsets() {
    // The topic was deleted: Kafka dropped its committed offsets, and it comes back re-created.
    check.assigned(List.of(P0), Map.of());
    check.check(P0, 49);
    check.committed(Map.of(P0, new OffsetAndMetadata(50)));
    check.revoked(List.of(P0));
    check.assigned(List.of(P0), Map.of());

    assertThat(check.check(P0, 0)).contains(new OffsetRewindCheck.Rewind(P0, 50, -1, 0));
  }

  @Test
  void theGroupsOffsetWinsOverWhatTheTaskCommittedWhenKafkaHasOne() {
    // An operator reset (connector stopped, offsets deleted or altered) or another task's commits
    // since: the group's offset is the truth, so replaying from it is no rewind.
    check.assigned(List.of(P0), Map.of());
    check.check(P0, 99);
    check.committed(Map.of(P0, new OffsetAndMetadata(100)));
    check.revoked(List.of(P0));
    check.assigned(List.of(P0), Map.of(P0, 20L));

    assertThat(check.check(P0, 20)).isEmpty();
  }

  @Test
  void aNewAssignmentStartsTheSequenceAgain() {
    check.assigned(List.of(P0), Map.of(P0, 5L));
    check.check(P0, 9);
    check.revoked(List.of(P0));
    // Records after the committed offset that were read but not committed come again.
    check.assigned(List.of(P0), Map.of(P0, 5L));

    assertThat(check.check(P0, 5)).isEmpty();
  }

  @Test
  void anAcceptedRewindBecomesTheNewBaseline() {
    check.assigned(List.of(P0), Map.of(P0, 50L));
    OffsetRewindCheck.Rewind rewind = check.check(P0, 0).orElseThrow();

    check.accepted(rewind);

    assertThat(check.check(P0, 1)).isEmpty();
    check.committed(Map.of(P0, new OffsetAndMetadata(2)));
    check.revoked(List.of(P0));
    check.assigned(List.of(P0), Map.of());
    assertThat(check.check(P0, 2)).isEmpty();
  }
}
