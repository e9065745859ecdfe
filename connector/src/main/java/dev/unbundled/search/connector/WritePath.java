package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.BulkListener;
import dev.unbundled.search.connector.bulk.BulkSender;
import dev.unbundled.search.connector.bulk.BulkTransport;
import dev.unbundled.search.connector.bulk.BulkWriter;
import dev.unbundled.search.connector.bulk.ConcurrencyLimit;
import dev.unbundled.search.connector.bulk.RetryPolicy;
import dev.unbundled.search.connector.bulk.Sleeper;
import dev.unbundled.search.connector.bulk.WriteStall;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.metrics.TaskMetrics;
import java.util.function.Supplier;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's write path, as its configuration asks: the limit on requests in flight (adaptive or
 * fixed), the watch on stalled writes, the task's metrics (whose gauges read those), and the bulk
 * writer sending through them with retries.
 */
final class WritePath {

  private static final Logger log = LoggerFactory.getLogger(WritePath.class);

  private final WriteStall stall = new WriteStall();
  private final TaskMetrics metrics;
  // Not final: the metrics' gauges, registered first, read them (once the task runs).
  private ConcurrencyLimit limit;
  private BulkWriter<InFlight> writer;

  WritePath(
      SearchSinkConfig config,
      SinkTaskContext context,
      BulkTransport transport,
      RetryPolicy retries,
      RecordedShardLosses<InFlight> shardLosses,
      Supplier<Long> recordsExpired) {
    metrics =
        TaskMetrics.register(
            context,
            new TaskMetrics.Gauges(
                () -> writer.bufferedBytes(),
                () -> writer.inFlightRequests(),
                () -> limit.limit(),
                () -> stall.sinceLastWrite().toSeconds(),
                () -> stall.current().map(s -> s.duration().toSeconds()).orElse(0L),
                () -> stall.current().map(WriteStall.Stall::error).orElse(""),
                stall::retriesInProgress,
                recordsExpired));
    limit =
        config.adaptiveConcurrency()
            ? ConcurrencyLimit.adaptive(config.maxInFlightRequests(), this::limitChanged)
            : ConcurrencyLimit.fixed(config.maxInFlightRequests());
    BulkSender<InFlight> sender =
        new BulkSender<>(
            transport,
            retries,
            Sleeper.SYSTEM,
            BulkListener.all(metrics, limit),
            shardLosses,
            stall);
    writer =
        new BulkWriter<>(
            sender,
            new BulkWriter.Settings(
                config.batchSize(),
                config.bulkSizeBytes(),
                config.linger(),
                limit,
                config.maxBufferedBytes(),
                !config.versionWithOffsets()));
  }

  private void limitChanged(int from, int to, String reason) {
    metrics.inFlightLimitChanged();
    log.debug("Requests in flight: limit {} -> {} ({})", from, to, reason);
  }

  WriteStall stall() {
    return stall;
  }

  ConcurrencyLimit limit() {
    return limit;
  }

  TaskMetrics metrics() {
    return metrics;
  }

  BulkWriter<InFlight> writer() {
    return writer;
  }
}
