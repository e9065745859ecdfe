package dev.unbundled.search.connector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against Kafka's own plugin metrics implementation, as a worker hands it to each task. */
class PluginTaskMetricsTest {

  private final Metrics registry = new Metrics();

  @AfterEach
  void close() {
    registry.close();
  }

  private PluginMetricsImpl pluginMetrics(String task) {
    return new PluginMetricsImpl(registry, Map.of("connector", "c", "task", task));
  }

  private static TaskMetrics.Gauges gauges(long buffered) {
    return new TaskMetrics.Gauges(
        () -> buffered, () -> 0, () -> 1, () -> 0L, () -> 0L, () -> "", () -> 0, () -> 0L);
  }

  private Object value(String task, String name) {
    MetricName metricName =
        registry.metricName(name, "plugins", "", Map.of("connector", "c", "task", task));
    return registry.metric(metricName).metricValue();
  }

  @Test
  void tasksOnOneWorkerCountApart() {
    PluginTaskMetrics first = new PluginTaskMetrics(pluginMetrics("0"), gauges(0));
    PluginTaskMetrics second = new PluginTaskMetrics(pluginMetrics("1"), gauges(0));
    first.recordsWritten(7);
    second.recordsWritten(3);
    assertThat(value("0", "records-written-total")).isEqualTo(7.0);
    assertThat(value("1", "records-written-total")).isEqualTo(3.0);
  }

  @Test
  void aRestartedTaskStartsWhileItsPreviousInstanceStillHoldsTheNames() {
    PluginTaskMetrics stopping = new PluginTaskMetrics(pluginMetrics("0"), gauges(111));
    PluginTaskMetrics restarted = new PluginTaskMetrics(pluginMetrics("0"), gauges(222));
    restarted.recordsWritten(5);
    restarted.answered(5, 500, 1_000_000);
    restarted.close();
    // Only the old instance could free its names; the new one ran, and counted nothing into them.
    assertThat(value("0", "buffered-bytes")).isEqualTo(111L);
    assertThat(value("0", "records-written-total")).isEqualTo(0.0);
    stopping.close();
  }

  @Test
  void closingFreesTheNames() {
    PluginTaskMetrics metrics = new PluginTaskMetrics(pluginMetrics("0"), gauges(0));
    metrics.close();
    assertThat(registry.metrics().keySet())
        .noneMatch(name -> "c".equals(name.tags().get("connector")));
  }
}
