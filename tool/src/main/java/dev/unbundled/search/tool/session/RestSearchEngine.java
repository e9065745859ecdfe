package dev.unbundled.search.tool.session;

import dev.unbundled.search.connector.client.ElasticsearchConnection;
import dev.unbundled.search.connector.client.EngineDetector;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.client.SearchEngine;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import java.io.IOException;
import java.util.Optional;

/** A connector's real search engine, reached with the connector's own connection code. */
final class RestSearchEngine implements ConnectorSession.SearchEngineLink {

  private final ElasticsearchConnection connection;
  private final JsonRequests json;

  RestSearchEngine(SearchSinkConfig config) {
    this.connection = ElasticsearchConnection.open(config);
    this.json = new JsonRequests(connection.requests());
  }

  @Override
  public JsonApi json() {
    return json;
  }

  @Override
  public Optional<SearchEngine> engine() throws IOException {
    return EngineDetector.detect(connection.requests());
  }

  @Override
  public void close() {
    connection.close();
  }
}
