package dev.unbundled.search.tool.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.offset.CommitNote;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightStatusTest {

  @Test
  void noNoteNoInFlightStatus() {
    assertThat(ConnectorStatus.InFlight.of(List.of())).isNull();
  }

  @Test
  void onePartitionsLimitShowsAsItIs() {
    ConnectorStatus.InFlight inFlight =
        ConnectorStatus.InFlight.of(List.of(new CommitNote(3, 4, 1)));

    assertThat(inFlight.describe()).isEqualTo("3/4 (1 change)");
  }

  @Test
  void partitionsOfTasksAtDifferentLimitsShowTheRangeAndTheMostChanges() {
    ConnectorStatus.InFlight inFlight =
        ConnectorStatus.InFlight.of(
            List.of(new CommitNote(2, 4, 9), new CommitNote(4, 4, 12), new CommitNote(2, 4, 9)));

    assertThat(inFlight).isEqualTo(new ConnectorStatus.InFlight(2, 4, 4, 12));
    assertThat(inFlight.describe()).isEqualTo("2-4/4 (12 changes)");
  }

  @Test
  void thePlainTopicLineEndsWithTheLimitOnceATaskReportedIt() {
    ConnectorStatus.TopicStatus topic =
        new ConnectorStatus.TopicStatus(
            "orders",
            List.of("orders-v1"),
            "LIVE",
            10,
            10,
            10,
            0,
            1.0,
            null,
            0L,
            new ConnectorStatus.InFlight(3, 3, 4, 5),
            null,
            null,
            null);

    assertThat(PlainStatusFormat.topicLine(topic)).endsWith("  in-flight limit 3/4 (5 changes)");
  }

  @Test
  void aStallNotedWithACommitShowsAtOnceWithItsLengthAndLastError() {
    Instant since = Instant.parse("2026-12-06T10:00:00Z");
    List<CommitNote> notes =
        List.of(
            new CommitNote(4, 4, 0),
            new CommitNote(
                1, 4, 2, new CommitNote.Stall(since.plusSeconds(30), "timeout: read timed out")),
            new CommitNote(
                1,
                4,
                2,
                new CommitNote.Stall(
                    since, "503 unavailable_shards_exception: [products-v2][3] primary shard")));
    ConnectorStatus.Stall stall = ConnectorStatus.Stall.of(notes);
    ConnectorStatus.TopicStatus topic =
        new ConnectorStatus.TopicStatus(
            "products",
            List.of("products-v2"),
            "BUILDING",
            5,
            10,
            5,
            5,
            0.5,
            null,
            null,
            null,
            null,
            stall,
            null);

    assertThat(PlainStatusFormat.topicLine(topic, since.plusSeconds(252)))
        .endsWith(
            "  STALLED 4m12s: 503 unavailable_shards_exception: [products-v2][3] primary shard");
    assertThat(ConnectorStatus.Stall.of(List.of(new CommitNote(4, 4, 0))))
        .as("no stall while writes go through")
        .isNull();
  }

  @Test
  void aTopicWithTimeBucketsShowsThemInOneSummaryInsteadOfEveryName() {
    ConnectorStatus.TopicStatus topic =
        new ConnectorStatus.TopicStatus(
            "clicks",
            List.of("clicks-v2-2026.10.08", "clicks-v2-2026.10.09", "clicks-v2-2026.12.06"),
            "BUILDING",
            900,
            1000,
            900,
            100,
            0.9,
            null,
            null,
            null,
            null,
            null,
            new ConnectorStatus.Buckets(
                3,
                "2026.10.08",
                "2026.12.06",
                Instant.parse("2026-10-08T00:00:00Z"),
                Instant.parse("2026-12-07T00:00:00Z"),
                900,
                3 * 1_048_576L,
                1));

    assertThat(PlainStatusFormat.topicLine(topic, Instant.now()))
        .startsWith(
            "topic clicks -> 3 buckets 2026.10.08..2026.12.06, 1 building, 3.0 MB  BUILDING")
        .doesNotContain("clicks-v2-2026.10.09");
  }

  @Test
  void anAliasOverManyBucketsIsCountedWithItsFirstAndLastIndex() {
    assertThat(PlainStatusFormat.indexes(List.of())).isEqualTo("(none)");
    assertThat(PlainStatusFormat.indexes(List.of("orders-v1", "orders-v2")))
        .isEqualTo("orders-v1, orders-v2");
    assertThat(
            PlainStatusFormat.indexes(
                List.of(
                    "clicks-v2-2026.12.01", "clicks-v2-2026.12.02", "c", "clicks-v2-2026.12.04")))
        .isEqualTo("4 indexes, clicks-v2-2026.12.01 .. clicks-v2-2026.12.04");
  }
}
