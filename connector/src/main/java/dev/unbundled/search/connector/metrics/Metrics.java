package dev.unbundled.search.connector.metrics;

import java.util.function.Consumer;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registration that survives a restart racing the previous instance's shutdown. */
final class Metrics {

  private static final Logger log = LoggerFactory.getLogger(Metrics.class);

  private Metrics() {}

  /**
   * Registers a metric, or skips it when the name is taken. When Connect restarts a task (or
   * connector) whose previous instance has not finished stopping, that instance still holds the
   * names, and only it can remove them. Failing the new instance over a metric would be absurd: it
   * runs without that metric until its next start. Metrics are lost, never records.
   */
  static boolean register(MetricName name, Consumer<MetricName> registration) {
    try {
      registration.accept(name);
      return true;
    } catch (IllegalArgumentException taken) {
      log.warn(
          "Metric {} {} is still held by a previous instance that has not stopped; this instance"
              + " runs without it",
          name.name(),
          name.tags());
      return false;
    }
  }
}
