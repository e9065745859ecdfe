package dev.unbundled.search.tool.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceSummaryTest {

  private static final String TRACE =
      "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to"
          + " unrecoverable exception.\n"
          + "\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:636)\n"
          + "\tat java.base/java.lang.Thread.run(Thread.java:840)\n"
          + "Caused by: org.apache.kafka.connect.errors.DataException: Record orders-0@7: mapping"
          + " conflict\n"
          + "\tat dev.unbundled.search.connector.SearchSinkTask.put(SearchSinkTask.java:120)\n"
          + "\t... 11 more\n";

  @Test
  void theFirstLineAndTheCauses() {
    assertThat(TraceSummary.lines(TRACE))
        .containsExactly(
            "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to"
                + " unrecoverable exception.",
            "caused by org.apache.kafka.connect.errors.DataException: Record orders-0@7: mapping"
                + " conflict");
    assertThat(TraceSummary.firstLine(TRACE)).endsWith("unrecoverable exception.");
  }

  @Test
  void noTraceNoLines() {
    assertThat(TraceSummary.lines(null)).isEmpty();
    assertThat(TraceSummary.firstLine("  ")).isNull();
  }
}
