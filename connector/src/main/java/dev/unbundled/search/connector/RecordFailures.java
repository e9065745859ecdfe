package dev.unbundled.search.connector;

import dev.unbundled.search.connector.metrics.TaskMetrics;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record that cannot be written (it does not convert, or Elasticsearch rejects
 * it), following Connect's own error handling: under {@code errors.tolerance=all} it goes to the
 * {@link ErrantRecordReporter} (the dead-letter queue, when one is configured) and the task goes
 * on; otherwise the task fails with the record's coordinates and the cause.
 */
final class RecordFailures {

  private static final Logger log = LoggerFactory.getLogger(RecordFailures.class);
  private static final String ERRORS_TOLERANCE = "errors.tolerance";

  private final ErrantRecordReporter reporter;
  private final TaskMetrics metrics;

  private RecordFailures(ErrantRecordReporter reporter, TaskMetrics metrics) {
    this.reporter = reporter;
    this.metrics = metrics;
  }

  static RecordFailures from(
      Map<String, String> props, SinkTaskContext context, TaskMetrics metrics) {
    boolean tolerateAll =
        "all".equals(props.getOrDefault(ERRORS_TOLERANCE, "none").trim().toLowerCase(Locale.ROOT));
    return new RecordFailures(tolerateAll ? context.errantRecordReporter() : null, metrics);
  }

  /**
   * Reports the record, waiting until the report is stored so that the record's offset may be
   * committed; or fails the task when failures are not tolerated.
   */
  void recordFailed(SinkRecord record, Exception cause) {
    String message = Coordinates.of(record) + ": " + cause.getMessage();
    if (reporter == null) {
      throw new ConnectException(
          "Cannot write "
              + message
              + ". Set errors.tolerance=all and errors.deadletterqueue.topic.name to send such"
              + " records to a dead-letter queue instead of failing.",
          cause);
    }
    log.debug("Reporting {}", message);
    try {
      reporter.report(record, new ConnectException(message, cause)).get();
      metrics.reportedToDeadLetterQueue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while reporting " + message, e);
    } catch (ExecutionException e) {
      throw new ConnectException("Could not report " + message, e.getCause());
    }
  }
}
