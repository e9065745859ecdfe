package dev.unbundled.search.connector.metrics;

import dev.unbundled.search.connector.index.Phase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Connector metrics in the worker's plugin metrics: the phase, the engine, documents removed by
 * snapshot sweeps, time buckets deleted by the retention, and one {@code records-behind} gauge per
 * topic, added as topics appear (a {@code topics.regex} connector gains topics as they are
 * created).
 */
final class PluginConnectorMetrics implements ConnectorMetrics {

  private final PluginMetrics metrics;
  private final MetricName phaseName;
  private final boolean phaseRegistered;
  private final MetricName phaseCodeName;
  private final boolean phaseCodeRegistered;
  private final MetricName engineName;
  private final boolean engineRegistered;
  private volatile Phase phase;
  private volatile String engine;
  private final Map<String, Long> recordsBehind = new ConcurrentHashMap<>();
  private final Set<String> topics = new HashSet<>();
  private final List<MetricName> behindNames = new ArrayList<>();
  private final MetricName sweptName;
  private final boolean sweptRegistered;
  private final AtomicLong swept = new AtomicLong();
  private final MetricName bucketsDeletedName;
  private final boolean bucketsDeletedRegistered;
  private final AtomicLong bucketsDeleted = new AtomicLong();

  PluginConnectorMetrics(PluginMetrics metrics) {
    this.metrics = metrics;
    phaseName = name(SinkMetric.INDEX_PHASE, new LinkedHashMap<>());
    phaseRegistered =
        Metrics.register(
            phaseName,
            n ->
                metrics.addMetric(
                    n, (Gauge<String>) (config, now) -> phase == null ? "UNKNOWN" : phase.name()));
    phaseCodeName = name(SinkMetric.INDEX_PHASE_CODE, new LinkedHashMap<>());
    phaseCodeRegistered =
        Metrics.register(
            phaseCodeName,
            n -> metrics.addMetric(n, (Gauge<Integer>) (config, now) -> phaseCode(phase)));
    engineName = name(SinkMetric.SEARCH_ENGINE, new LinkedHashMap<>());
    engineRegistered =
        Metrics.register(
            engineName,
            n ->
                metrics.addMetric(
                    n, (Gauge<String>) (config, now) -> engine == null ? "UNKNOWN" : engine));
    sweptName = name(SinkMetric.SNAPSHOT_SWEEP_REMOVED_TOTAL, new LinkedHashMap<>());
    sweptRegistered =
        Metrics.register(
            sweptName, n -> metrics.addMetric(n, (Gauge<Long>) (config, now) -> swept.get()));
    bucketsDeletedName = name(SinkMetric.TIME_BUCKETS_DELETED_TOTAL, new LinkedHashMap<>());
    bucketsDeletedRegistered =
        Metrics.register(
            bucketsDeletedName,
            n -> metrics.addMetric(n, (Gauge<Long>) (config, now) -> bucketsDeleted.get()));
  }

  @Override
  public void bucketsDeleted(int deleted) {
    bucketsDeleted.addAndGet(deleted);
  }

  @Override
  public void swept(String topic, long removed) {
    swept.addAndGet(removed);
  }

  @Override
  public void engineDetected(String engine) {
    this.engine = engine;
  }

  @Override
  public synchronized void checked(Phase phase, Map<String, Long> behind) {
    this.phase = phase;
    recordsBehind.putAll(behind);
    for (String topic : behind.keySet()) {
      if (topics.add(topic)) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("topic", topic);
        MetricName name = name(SinkMetric.RECORDS_BEHIND, tags);
        if (Metrics.register(
            name,
            n -> metrics.addMetric(n, (Gauge<Long>) (config, now) -> recordsBehind.get(topic)))) {
          behindNames.add(name);
        }
      }
    }
  }

  /** The number {@link SinkMetric#INDEX_PHASE_CODE} documents for a phase: 0 when unknown. */
  static int phaseCode(Phase phase) {
    return phase == null ? 0 : phase.ordinal() + 1;
  }

  private MetricName name(SinkMetric metric, LinkedHashMap<String, String> tags) {
    return metrics.metricName(metric.metricName(), metric.description(), tags);
  }

  @Override
  public synchronized void close() {
    if (phaseRegistered) {
      metrics.removeMetric(phaseName);
    }
    if (phaseCodeRegistered) {
      metrics.removeMetric(phaseCodeName);
    }
    if (engineRegistered) {
      metrics.removeMetric(engineName);
    }
    if (sweptRegistered) {
      metrics.removeMetric(sweptName);
    }
    if (bucketsDeletedRegistered) {
      metrics.removeMetric(bucketsDeletedName);
    }
    behindNames.forEach(metrics::removeMetric);
    behindNames.clear();
  }
}
