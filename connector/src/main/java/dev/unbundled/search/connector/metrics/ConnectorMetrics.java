package dev.unbundled.search.connector.metrics;

import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.connector.lifecycle.LifecycleListener;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.slf4j.LoggerFactory;

/** The connector's metrics ({@link SinkMetric}, scope connector), fed by the life-cycle checks. */
public interface ConnectorMetrics extends LifecycleListener, AutoCloseable {

  ConnectorMetrics NONE =
      new ConnectorMetrics() {
        @Override
        public void checked(Phase phase, Map<String, Long> recordsBehind) {}

        @Override
        public void engineDetected(String engine) {}

        @Override
        public void close() {}
      };

  /**
   * The connector's metrics in the worker's plugin metrics (Kafka 4.1 and later); metrics that go
   * nowhere on an older worker.
   */
  static ConnectorMetrics register(ConnectorContext context) {
    try {
      return new PluginConnectorMetrics(context.pluginMetrics());
    } catch (LinkageError | UnsupportedOperationException e) {
      LoggerFactory.getLogger(ConnectorMetrics.class)
          .info("This worker offers no plugin metrics (Kafka 4.1+); the phase is in the logs");
      return NONE;
    }
  }

  /** The engine and version the connector writes to, such as {@code OpenSearch 2.19.6}. */
  void engineDetected(String engine);

  /** Frees the metrics' names, so the connector can start again on this worker. */
  @Override
  void close();
}
