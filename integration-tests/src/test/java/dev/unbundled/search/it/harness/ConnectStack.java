package dev.unbundled.search.it.harness;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Starts Kafka and Connect in-process with Kafka's own {@link EmbeddedConnectCluster}: a real KRaft
 * broker and real Connect workers with the real REST API. The workers load the plugin from its
 * packaged directory through {@code plugin.path}, in its own class loader, as in production; the
 * Avro converter of the schema registry tests and Debezium's PostgreSQL source connector (with its
 * transforms) are further plugins there.
 */
public final class ConnectStack {

  /** Where the build left the plugin; set by the build. */
  public static final String PLUGIN_PATH_PROPERTY = "connect.plugin.path";

  /** Where the build left the Avro converter's plugin directory; set by the build. */
  public static final String CONVERTER_PLUGIN_PATH_PROPERTY = "connect.converter.plugin.path";

  /**
   * Where the build left the source connectors' plugin directories (Debezium); set by the build.
   */
  public static final String SOURCE_PLUGIN_PATH_PROPERTY = "connect.source.plugin.path";

  /**
   * Optional: more plugins for the worker, such as another vendor's sink for a side-by-side
   * benchmark. Plugins from elsewhere may lack service manifests, so the worker then scans for
   * them.
   */
  public static final String EXTRA_PLUGIN_PATH_PROPERTY = "connect.extra.plugin.path";

  private ConnectStack() {}

  public static EmbeddedConnectCluster start(String name, int workers) {
    String pluginPath = System.getProperty(PLUGIN_PATH_PROPERTY);
    if (pluginPath == null) {
      throw new IllegalStateException(
          "System property " + PLUGIN_PATH_PROPERTY + " is not set; run the tests through Maven");
    }
    String converterPluginPath = System.getProperty(CONVERTER_PLUGIN_PATH_PROPERTY);
    if (converterPluginPath == null) {
      throw new IllegalStateException(
          "System property "
              + CONVERTER_PLUGIN_PATH_PROPERTY
              + " is not set; run the tests through Maven");
    }
    String sourcePluginPath = System.getProperty(SOURCE_PLUGIN_PATH_PROPERTY);
    if (sourcePluginPath == null) {
      throw new IllegalStateException(
          "System property "
              + SOURCE_PLUGIN_PATH_PROPERTY
              + " is not set; run the tests through Maven");
    }
    Map<String, String> workerProps = new HashMap<>();
    // The sink's plugin, the Avro converter installed as production workers install one, and the
    // Debezium source whose topics the CDC tests read.
    String extraPluginPath = System.getProperty(EXTRA_PLUGIN_PATH_PROPERTY, "");
    workerProps.put(
        "plugin.path",
        pluginPath
            + ","
            + converterPluginPath
            + ","
            + sourcePluginPath
            + (extraPluginPath.isBlank() ? "" : "," + extraPluginPath));
    // Only plugins with service manifests: proves ours are there, and starts faster.
    workerProps.put("plugin.discovery", extraPluginPath.isBlank() ? "service_load" : "hybrid_warn");
    workerProps.put("offset.flush.interval.ms", "1000");
    workerProps.put("scheduled.rebalance.max.delay.ms", "3000");

    Properties brokerProps = new Properties();
    brokerProps.put("auto.create.topics.enable", "false");
    // One broker: transactions need their state topic at replication factor 1.
    brokerProps.put("transaction.state.log.replication.factor", "1");
    brokerProps.put("transaction.state.log.min.isr", "1");

    EmbeddedConnectCluster cluster =
        new EmbeddedConnectCluster.Builder()
            .name(name)
            .numWorkers(workers)
            .numBrokers(1)
            .workerProps(workerProps)
            .brokerProps(brokerProps)
            .build();
    cluster.start();
    return cluster;
  }
}
