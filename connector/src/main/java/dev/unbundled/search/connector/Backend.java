package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.BulkTransport;
import dev.unbundled.search.connector.bulk.RestBulkTransport;
import dev.unbundled.search.connector.client.ElasticsearchConnection;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.config.SearchSinkConfig;

/**
 * What a task talks to Elasticsearch through: the bulk API for writes, the JSON API for its
 * indexes, both over one connection. Unit tests hand the task fakes instead.
 *
 * @param closer closes the connection
 */
record Backend(BulkTransport bulk, JsonApi json, Runnable closer) implements AutoCloseable {

  /** A connection to the Elasticsearch of {@code config}. */
  static Backend open(SearchSinkConfig config) {
    ElasticsearchConnection connection = ElasticsearchConnection.open(config);
    return new Backend(
        new RestBulkTransport(connection.requests()),
        new JsonRequests(connection.requests()),
        connection::close);
  }

  @Override
  public void close() {
    closer.run();
  }
}
