package dev.unbundled.search.connector.metrics;

import dev.unbundled.search.connector.index.Phase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Connector metrics in the worker's plugin metrics: the phase, and one {@code records-behind} gauge
 * per topic, added as topics appear (a {@code topics.regex} connector gains topics as they are
 * created).
 */
final class PluginConnectorMetrics implements ConnectorMetrics {

  private final PluginMetrics metrics;
  private final MetricName phaseName;
  private volatile Phase phase;
  private final Map<String, Long> recordsBehind = new ConcurrentHashMap<>();
  private final Map<String, MetricName> behindNames = new ConcurrentHashMap<>();

  PluginConnectorMetrics(PluginMetrics metrics) {
    this.metrics = metrics;
    phaseName = name(SinkMetric.INDEX_PHASE, new LinkedHashMap<>());
    metrics.addMetric(
        phaseName, (Gauge<String>) (config, now) -> phase == null ? "UNKNOWN" : phase.name());
  }

  @Override
  public synchronized void checked(Phase phase, Map<String, Long> behind) {
    this.phase = phase;
    recordsBehind.putAll(behind);
    for (String topic : behind.keySet()) {
      behindNames.computeIfAbsent(
          topic,
          t -> {
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            tags.put("topic", t);
            MetricName name = name(SinkMetric.RECORDS_BEHIND, tags);
            metrics.addMetric(name, (Gauge<Long>) (config, now) -> recordsBehind.get(t));
            return name;
          });
    }
  }

  private MetricName name(SinkMetric metric, LinkedHashMap<String, String> tags) {
    return metrics.metricName(metric.metricName(), metric.description(), tags);
  }

  @Override
  public synchronized void close() {
    metrics.removeMetric(phaseName);
    behindNames.values().forEach(metrics::removeMetric);
    behindNames.clear();
  }
}
