package dev.unbundled.search.connector.metrics;

import dev.unbundled.search.connector.bulk.BulkListener;
import java.util.function.Supplier;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.LoggerFactory;

/** What a task counts for its metrics ({@link SinkMetric}, scope task). */
public interface TaskMetrics extends BulkListener, AutoCloseable {

  /**
   * What the gauges read: the state of the task's bulk writer and of its writes' stall, and the
   * records dropped as older than the time buckets' retention.
   */
  record Gauges(
      Supplier<Long> bufferedBytes,
      Supplier<Integer> inFlightRequests,
      Supplier<Integer> inFlightLimit,
      Supplier<Long> secondsSinceLastWrite,
      Supplier<Long> stalledSeconds,
      Supplier<String> stallError,
      Supplier<Integer> retriesInProgress,
      Supplier<Long> recordsExpired) {}

  /** Metrics that go nowhere. */
  TaskMetrics NONE =
      new TaskMetrics() {
        @Override
        public void recordsWritten(int records) {}

        @Override
        public void itemRejected() {}

        @Override
        public void versionConflicts(int writes) {}

        @Override
        public void reportedToDeadLetterQueue() {}

        @Override
        public void inFlightLimitChanged() {}

        @Override
        public void answered(int operations, int bytes, long latencyNanos) {}

        @Override
        public void retrying(int operations) {}

        @Override
        public void close() {}
      };

  /**
   * The task's metrics in the worker's plugin metrics (Kafka 4.1 and later), so they appear in JMX
   * next to the worker's own; metrics that go nowhere on an older worker.
   */
  static TaskMetrics register(SinkTaskContext context, Gauges gauges) {
    try {
      return new PluginTaskMetrics(context.pluginMetrics(), gauges);
    } catch (LinkageError | UnsupportedOperationException e) {
      LoggerFactory.getLogger(TaskMetrics.class)
          .info("This worker offers no plugin metrics (Kafka 4.1+); the task publishes none");
      return NONE;
    }
  }

  void recordsWritten(int records);

  void itemRejected();

  /** {@code writes} writes were version conflicts (and counted as written). */
  void versionConflicts(int writes);

  void reportedToDeadLetterQueue();

  /** The adaptive limit of requests in flight moved. */
  void inFlightLimitChanged();

  /** Frees the metrics' names, so the task can start again on this worker. */
  @Override
  void close();
}
