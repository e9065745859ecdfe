package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.RestBulkTransport;
import dev.unbundled.search.connector.client.ConnectionCheck;
import dev.unbundled.search.connector.client.ElasticsearchConnection;
import dev.unbundled.search.connector.client.EngineReport;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.config.ConfigCombinations;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.lifecycle.AliasMover;
import dev.unbundled.search.connector.lifecycle.AliasTopicGuard;
import dev.unbundled.search.connector.lifecycle.CatchUpCheck;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.connector.lifecycle.IndexLifecycle;
import dev.unbundled.search.connector.lifecycle.KafkaAccessCheck;
import dev.unbundled.search.connector.lifecycle.LostPrimaries;
import dev.unbundled.search.connector.lifecycle.NameCollisions;
import dev.unbundled.search.connector.lifecycle.SnapshotSweeps;
import dev.unbundled.search.connector.lifecycle.StaleDocuments;
import dev.unbundled.search.connector.metrics.ConnectorMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Elasticsearch indexes as derived views of Kafka topics: its tasks write each topic to a
 * versioned index ({@code index.name.format}, {@code index.version}); the connector itself watches
 * whether they have caught up with the topics and then moves aliases ({@code alias.*}).
 */
public final class SearchSinkConnector extends SinkConnector {

  /** What the connector is, for the generated reference. */
  public static final String OVERVIEW_DOC =
      "The sink connector. Settings not listed here are Kafka Connect's own (<code>topics</code>,"
          + " <code>tasks.max</code>, converters, <code>errors.*</code>,"
          + " <code>consumer.override.*</code>).";

  private static final Logger log = LoggerFactory.getLogger(SearchSinkConnector.class);

  private Map<String, String> props;
  private ScheduledExecutorService lifecycleThread;
  private CatchUpCheck catchUp;
  private ElasticsearchConnection connection;
  private ConnectorMetrics metrics = ConnectorMetrics.NONE;

  @Override
  public void start(Map<String, String> props) {
    // A bad configuration fails here, before any task starts.
    SearchSinkConfig config = new SearchSinkConfig(props);
    List<ConfigCombinations.Problem> problems = problems(config, props);
    if (!problems.isEmpty()) {
      ConfigCombinations.Problem first = problems.get(0);
      throw new ConfigException(first.key(), props.get(first.key()), first.message());
    }
    this.props = Map.copyOf(props);
    startLifecycle(config, props);
  }

  private void startLifecycle(SearchSinkConfig config, Map<String, String> props) {
    String name = props.get("name");
    connection = ElasticsearchConnection.open(config);
    metrics = ConnectorMetrics.register(context());
    catchUp = CatchUpCheck.forConnector(config, props);
    JsonApi es = new JsonRequests(connection.requests());
    IndexCatalog catalog = new IndexCatalog(es);
    IndexLifecycle lifecycle =
        new IndexLifecycle(
            IndexLifecycle.Settings.of(name, config),
            catchUp,
            es,
            catalog,
            new AliasMover(es, catalog, AliasTopicGuard.of(config)),
            metrics,
            new LostPrimaries(es, config.lostPrimaryTimeout(), Clock.systemUTC()),
            lost -> context().raiseError(lost),
            config.snapshotSweep()
                ? Optional.of(
                    new SnapshotSweeps(
                        name,
                        catchUp,
                        catalog,
                        new StaleDocuments(es, new RestBulkTransport(connection.requests())),
                        metrics))
                : Optional.empty());
    lifecycleThread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "search-sink-lifecycle-" + name);
              thread.setDaemon(true);
              return thread;
            });
    long interval = config.aliasCheckInterval().toMillis();
    EngineReport engine =
        new EngineReport(
            name,
            connection.requests(),
            detected -> metrics.engineDetected(detected.toString()),
            reason -> context().raiseError(new ConfigException(reason)));
    lifecycleThread.scheduleWithFixedDelay(engine, 0, interval, TimeUnit.MILLISECONDS);
    lifecycleThread.scheduleWithFixedDelay(lifecycle, interval, interval, TimeUnit.MILLISECONDS);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return SearchSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return Collections.nCopies(maxTasks, props);
  }

  @Override
  public void stop() {
    // The same connector may be started again (resume, restart): the names must be free.
    metrics.close();
    metrics = ConnectorMetrics.NONE;
    if (lifecycleThread != null) {
      lifecycleThread.shutdownNow();
      try {
        lifecycleThread.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (catchUp != null) {
      catchUp.close();
    }
    if (connection != null) {
      connection.close();
    }
  }

  /**
   * Checks each setting on its own key, then combinations of settings, then, only when all of that
   * passed, whether Elasticsearch can be reached with the configured URLs and credentials, and
   * Kafka with {@code kafka.bootstrap.servers} and {@code kafka.admin.*}.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    if (hasErrors(result)) {
      return result;
    }
    SearchSinkConfig config = new SearchSinkConfig(connectorConfigs);
    for (ConfigCombinations.Problem problem : problems(config, connectorConfigs)) {
      addError(result, problem.key(), problem.message());
    }
    if (!hasErrors(result)) {
      ConnectionCheck.run(config)
          .ifPresent(failure -> addError(result, failure.key(), failure.message()));
      KafkaAccessCheck.run(config)
          .ifPresent(failure -> addError(result, failure.key(), failure.message()));
    }
    return result;
  }

  /** Combinations of settings, and topics whose names fold into one index or alias. */
  private static List<ConfigCombinations.Problem> problems(
      SearchSinkConfig config, Map<String, String> props) {
    List<ConfigCombinations.Problem> problems =
        new ArrayList<>(ConfigCombinations.check(config, props));
    problems.addAll(NameCollisions.check(config, props));
    return problems;
  }

  private static boolean hasErrors(Config config) {
    return config.configValues().stream().anyMatch(value -> !value.errorMessages().isEmpty());
  }

  /**
   * Attaches {@code message} to {@code key}; Connect's own keys ({@code topics}) are not in this
   * connector's definition, so their value is added: Connect reports it with the connector's.
   */
  private static void addError(Config config, String key, String message) {
    config.configValues().stream()
        .filter(value -> value.name().equals(key))
        .findFirst()
        .orElseGet(
            () -> {
              ConfigValue value = new ConfigValue(key);
              config.configValues().add(value);
              return value;
            })
        .addErrorMessage(message);
  }

  @Override
  public ConfigDef config() {
    return SearchSinkConfig.CONFIG_DEF;
  }

  @Override
  public String version() {
    return Version.get();
  }
}
