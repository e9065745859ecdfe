package dev.unbundled.search.tool.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.offset.CommitNote;
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
            null);

    assertThat(PlainStatusFormat.topicLine(topic)).endsWith("  in-flight limit 3/4 (5 changes)");
  }
}
