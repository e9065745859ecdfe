package dev.unbundled.search.tool.session;

import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.SearchEngine;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.lifecycle.CatchUpCheck;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.connector.lifecycle.IndexLifecycle;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * One connector seen through the tool: its settings, its search engine and its consumer group's
 * positions in Kafka, judged with the connector's own code so names, ids and catch-up mean what
 * they mean to it. The connections are handed in ({@link SearchEngineLink}, {@link
 * KafkaPositions}): the real ones come from {@link Endpoints#open}, unit tests hand in fakes.
 */
public final class ConnectorSession implements AutoCloseable {

  /** The connector's search engine: its JSON API, and which engine it is. */
  public interface SearchEngineLink extends AutoCloseable {

    JsonApi json();

    /** The engine and version, asked once per session; empty when the cluster would not say. */
    Optional<SearchEngine> engine() throws IOException;

    @Override
    void close();
  }

  /** Where the connector's consumer group stands in each partition of its topics. */
  public interface KafkaPositions extends AutoCloseable {

    /**
     * @throws IOException with a message for the operator when Kafka cannot be read
     */
    Map<TopicPartition, CatchUpCheck.Position> read() throws IOException, InterruptedException;

    @Override
    void close();
  }

  /** Opens a session on a connector, as the tool reaches its search engine and Kafka. */
  @FunctionalInterface
  public interface Opener {
    ConnectorSession open(SinkConnectorInfo info) throws IOException;
  }

  private SinkConnectorInfo info;
  private final Map<String, String> settings;
  private final SearchSinkConfig config;
  private final IndexLifecycle.Settings lifecycle;
  private final SearchEngineLink search;
  private final KafkaPositions kafka;
  private final IndexCatalog catalog;
  private Optional<SearchEngine> engine;

  /**
   * @param settings the connector's configuration as the tool works with it ({@link
   *     Endpoints#settingsFor})
   */
  public ConnectorSession(
      SinkConnectorInfo info,
      Map<String, String> settings,
      SearchEngineLink search,
      KafkaPositions kafka) {
    this.info = info;
    this.settings = Map.copyOf(settings);
    this.config = new SearchSinkConfig(settings);
    this.lifecycle = IndexLifecycle.Settings.of(info.name(), config);
    this.search = search;
    this.kafka = kafka;
    this.catalog = new IndexCatalog(search.json());
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

  public JsonApi es() {
    return search.json();
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
      engine = search.engine();
    }
    return engine;
  }

  /** Where the connector's consumer group stands in each partition of its topics. */
  public Map<TopicPartition, CatchUpCheck.Position> positions()
      throws IOException, InterruptedException {
    return kafka.read();
  }

  @Override
  public void close() {
    kafka.close();
    search.close();
  }
}
