package dev.unbundled.search.connector.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;

/**
 * Task metrics in the worker's plugin metrics. Only this class touches {@link PluginMetrics}, so
 * that on a worker without it only this class fails to load.
 */
final class PluginTaskMetrics implements TaskMetrics {

  private final PluginMetrics metrics;
  private final UUID instance = UUID.randomUUID();
  private final List<String> sensorNames = new ArrayList<>();
  private final List<MetricName> gaugeNames = new ArrayList<>();
  private final Sensor recordsWritten;
  private final Sensor bytesWritten;
  private final Sensor requests;
  private final Sensor retries;
  private final Sensor itemsRejected;
  private final Sensor versionConflicts;
  private final Sensor dlqReports;
  private final Sensor limitChanges;

  PluginTaskMetrics(PluginMetrics metrics, Gauges gauges) {
    this.metrics = metrics;
    recordsWritten = sensor("records-written");
    add(recordsWritten, SinkMetric.RECORDS_WRITTEN_TOTAL, new CumulativeSum());
    add(recordsWritten, SinkMetric.RECORDS_WRITTEN_RATE, new Rate());
    bytesWritten = sensor("bytes-written");
    add(bytesWritten, SinkMetric.BYTES_WRITTEN_TOTAL, new CumulativeSum());
    add(bytesWritten, SinkMetric.BYTES_WRITTEN_RATE, new Rate());
    requests = sensor("bulk-requests");
    add(requests, SinkMetric.BULK_REQUESTS_TOTAL, new CumulativeCount());
    add(requests, SinkMetric.BULK_REQUEST_LATENCY_AVG, new Avg());
    add(requests, SinkMetric.BULK_REQUEST_LATENCY_MAX, new Max());
    retries = sensor("retries");
    add(retries, SinkMetric.RETRIES_TOTAL, new CumulativeSum());
    itemsRejected = sensor("items-rejected");
    add(itemsRejected, SinkMetric.ITEMS_REJECTED_TOTAL, new CumulativeCount());
    versionConflicts = sensor("version-conflicts");
    add(versionConflicts, SinkMetric.VERSION_CONFLICTS_TOTAL, new CumulativeSum());
    dlqReports = sensor("dlq-reports");
    add(dlqReports, SinkMetric.DLQ_REPORTS_TOTAL, new CumulativeCount());
    limitChanges = sensor("in-flight-limit-changes");
    add(limitChanges, SinkMetric.IN_FLIGHT_LIMIT_CHANGES_TOTAL, new CumulativeCount());
    gauge(SinkMetric.BUFFERED_BYTES, gauges.bufferedBytes());
    gauge(SinkMetric.IN_FLIGHT_REQUESTS, gauges.inFlightRequests());
    gauge(SinkMetric.IN_FLIGHT_LIMIT, gauges.inFlightLimit());
    gauge(SinkMetric.SECONDS_SINCE_LAST_WRITE, gauges.secondsSinceLastWrite());
    gauge(SinkMetric.STALLED_SECONDS, gauges.stalledSeconds());
    gauge(SinkMetric.STALL_ERROR, gauges.stallError());
    gauge(SinkMetric.RETRIES_IN_PROGRESS, gauges.retriesInProgress());
    gauge(SinkMetric.RECORDS_EXPIRED_TOTAL, gauges.recordsExpired());
  }

  /**
   * Sensor names are global to the worker's metrics registry (unlike metric names, which carry the
   * connector and task tags), so each instance makes its own unique, or tasks would share sensors.
   */
  private Sensor sensor(String name) {
    String unique = "unbundled-search-sink-" + instance + "-" + name;
    sensorNames.add(unique);
    return metrics.addSensor(unique);
  }

  private void add(Sensor sensor, SinkMetric metric, MeasurableStat stat) {
    Metrics.register(name(metric), metricName -> sensor.add(metricName, stat));
  }

  private <T> void gauge(SinkMetric metric, Supplier<T> value) {
    MetricName metricName = name(metric);
    if (Metrics.register(
        metricName, n -> metrics.addMetric(n, (Gauge<T>) (config, now) -> value.get()))) {
      gaugeNames.add(metricName);
    }
  }

  private MetricName name(SinkMetric metric) {
    return metrics.metricName(metric.metricName(), metric.description(), new LinkedHashMap<>());
  }

  @Override
  public void recordsWritten(int records) {
    recordsWritten.record(records);
  }

  @Override
  public void itemRejected() {
    itemsRejected.record();
  }

  @Override
  public void versionConflicts(int writes) {
    versionConflicts.record(writes);
  }

  @Override
  public void reportedToDeadLetterQueue() {
    dlqReports.record();
  }

  @Override
  public void inFlightLimitChanged() {
    limitChanges.record();
  }

  @Override
  public void answered(int operations, int bytes, long latencyNanos) {
    bytesWritten.record(bytes);
    requests.record(TimeUnit.NANOSECONDS.toMicros(latencyNanos) / 1_000.0);
  }

  @Override
  public void retrying(int operations) {
    retries.record(operations);
  }

  @Override
  public void close() {
    sensorNames.forEach(metrics::removeSensor);
    gaugeNames.forEach(metrics::removeMetric);
  }
}
