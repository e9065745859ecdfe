package dev.unbundled.search.tool.session;

import dev.unbundled.search.connector.client.ElasticsearchConnection;
import dev.unbundled.search.connector.client.EngineDetector;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.client.SearchEngine;
import dev.unbundled.search.connector.config.KafkaGroup;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.lifecycle.CatchUpCheck;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.connector.lifecycle.IndexLifecycle;
import dev.unbundled.search.tool.ToolErrors;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;

/**
 * One connector seen through the tool: its settings, and connections to its Elasticsearch (or
 * OpenSearch) and Kafka, made with the connector's own code so names, ids and catch-up mean what
 * they mean to it.
 */
public final class ConnectorSession implements AutoCloseable {

  private SinkConnectorInfo info;
  private final Map<String, String> settings;
  private final SearchSinkConfig config;
  private final IndexLifecycle.Settings lifecycle;
  private final ElasticsearchConnection connection;
  private final JsonRequests es;
  private final IndexCatalog catalog;
  private final String kafkaHint;
  private CatchUpCheck catchUp;
  private Optional<SearchEngine> engine;

  public ConnectorSession(SinkConnectorInfo info, Endpoints endpoints) throws IOException {
    this.info = info;
    this.settings = endpoints.settingsFor(info.config());
    this.kafkaHint = endpoints.kafkaHint(info.config());
    this.config = new SearchSinkConfig(settings);
    this.lifecycle = IndexLifecycle.Settings.of(info.name(), config);
    this.connection = ElasticsearchConnection.open(config);
    this.es = new JsonRequests(connection.restClient());
    this.catalog = new IndexCatalog(es);
  }

  public SinkConnectorInfo info() {
    return info;
  }

  /** Takes the connector's latest states; its configuration is the same. */
  public void update(SinkConnectorInfo latest) {
    this.info = latest;
  }

  public SearchSinkConfig config() {
    return config;
  }

  public Map<String, String> settings() {
    return settings;
  }

  public JsonRequests es() {
    return es;
  }

  public IndexCatalog catalog() {
    return catalog;
  }

  /** The connector's life-cycle settings: its own indexes, alias names, promotion rules. */
  public IndexLifecycle.Settings lifecycle() {
    return lifecycle;
  }

  /** The indexes this connector owns at its configured version, by name. */
  public List<IndexCatalog.IndexEntry> ownIndexes() throws IOException {
    return List.copyOf(catalog.own(lifecycle.own()).values());
  }

  public String readAlias(String topic) {
    return lifecycle.readAlias().nameFor(topic);
  }

  public Optional<String> previewAlias(String topic) {
    return lifecycle.previewAlias().map(format -> format.nameFor(topic));
  }

  /**
   * The engine and version the connector writes to, asked once per session; empty when the cluster
   * would not say.
   */
  public Optional<SearchEngine> engine() throws IOException {
    if (engine == null) {
      engine = EngineDetector.detect(connection.restClient());
    }
    return engine;
  }

  /** Where the connector's consumer group stands in each partition of its topics. */
  public Map<TopicPartition, CatchUpCheck.Position> positions() throws Exception {
    if (catchUp == null) {
      catchUp = CatchUpCheck.forConnector(config, settings);
    }
    try {
      return catchUp.positions();
    } catch (ExecutionException | TimeoutException e) {
      String problem =
          e instanceof TimeoutException
              ? "did not answer within " + CatchUpCheck.TIMEOUT.toSeconds() + " s"
              : "failed: " + ToolErrors.describe(e);
      throw new IOException(
          "Kafka at "
              + settings.get(KafkaGroup.KAFKA_BOOTSTRAP_SERVERS)
              + " "
              + problem
              + kafkaHint,
          e);
    }
  }

  @Override
  public void close() {
    if (catchUp != null) {
      catchUp.close();
    }
    connection.close();
  }
}
