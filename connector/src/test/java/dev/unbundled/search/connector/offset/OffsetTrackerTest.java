package dev.unbundled.search.connector.offset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private final OffsetTracker tracker = new OffsetTracker();

  @Test
  void nothingIsCommittableBeforeAnyRecordIsDone() {
    tracker.register(P0, 10);
    tracker.register(P0, 11);

    assertThat(tracker.committableOffsets("")).isEmpty();
  }

  @Test
  void commitsOnePastTheLastRecordWhenAllAreDone() {
    tracker.register(P0, 10).done();
    tracker.register(P0, 11).done();

    assertThat(tracker.committableOffsets("")).isEqualTo(Map.of(P0, new OffsetAndMetadata(12)));
  }

  @Test
  void outOfOrderAcknowledgementsDoNotMoveTheOffsetPastAnUnfinishedRecord() {
    OffsetTracker.Pending first = tracker.register(P0, 10);
    OffsetTracker.Pending second = tracker.register(P0, 11);
    OffsetTracker.Pending third = tracker.register(P0, 12);

    third.done();
    second.done();
    assertThat(tracker.committableOffsets("")).isEmpty();

    first.done();
    assertThat(tracker.committableOffsets("")).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
  }

  @Test
  void stopsAtTheFirstUnfinishedRecord() {
    tracker.register(P0, 10).done();
    tracker.register(P0, 11);
    tracker.register(P0, 12).done();

    assertThat(tracker.committableOffsets("")).isEqualTo(Map.of(P0, new OffsetAndMetadata(11)));
  }

  @Test
  void tracksPartitionsIndependently() {
    tracker.register(P0, 5).done();
    tracker.register(P1, 7);

    assertThat(tracker.committableOffsets("")).isEqualTo(Map.of(P0, new OffsetAndMetadata(6)));
  }

  @Test
  void readingTheOffsetsChangesNothing() {
    tracker.register(P0, 3).done();
    tracker.register(P0, 4);

    assertThat(tracker.committableOffsets("")).isEqualTo(Map.of(P0, new OffsetAndMetadata(4)));
    assertThat(tracker.committableOffsets("")).isEqualTo(Map.of(P0, new OffsetAndMetadata(4)));
  }

  @Test
  void keepsTheCommittableOffsetOnceEverythingIsDone() {
    tracker.register(P0, 3).done();
    tracker.register(P0, 4).done();

    assertThat(tracker.committableOffsets("")).isEqualTo(Map.of(P0, new OffsetAndMetadata(5)));
    tracker.register(P0, 5);
    assertThat(tracker.committableOffsets("")).isEqualTo(Map.of(P0, new OffsetAndMetadata(5)));
  }

  @Test
  void forgetsRevokedPartitions() {
    tracker.register(P0, 1).done();
    tracker.register(P1, 1).done();

    tracker.forget(List.of(P0));

    assertThat(tracker.committableOffsets("")).containsOnlyKeys(P1);
  }

  @Test
  void aRecordOfARevokedPartitionThatFinishesLateIsNotCommitted() {
    OffsetTracker.Pending late = tracker.register(P0, 1);
    tracker.forget(List.of(P0));

    late.done();

    assertThat(tracker.committableOffsets("")).isEmpty();
  }

  @Test
  void recordsTheWorkerConsumedButNeverHandedOverAreCommittedPast() {
    OffsetTracker tracker = new OffsetTracker();
    tracker.register(P0, 3).done();
    Map<TopicPartition, OffsetAndMetadata> consumed =
        Map.of(P0, new OffsetAndMetadata(7), P1, new OffsetAndMetadata(2));

    assertThat(tracker.committableOffsets(p -> "", consumed))
        .isEqualTo(Map.of(P0, new OffsetAndMetadata(7, ""), P1, new OffsetAndMetadata(2, "")));

    OffsetTracker.Pending pending = tracker.register(P0, 9);
    assertThat(tracker.committableOffsets(p -> "", Map.of(P0, new OffsetAndMetadata(10))))
        .as("up to the first pending record, never back")
        .isEqualTo(Map.of(P0, new OffsetAndMetadata(9, "")));
    pending.done();
    assertThat(tracker.committableOffsets(p -> "", Map.of(P0, new OffsetAndMetadata(10))))
        .isEqualTo(Map.of(P0, new OffsetAndMetadata(10, "")));
  }
}
