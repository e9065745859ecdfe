package dev.unbundled.search.connector.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;

/**
 * Elasticsearch's JSON API, as the connector and the tool use it for everything but bulk writes
 * (indexes, mappings, settings, aliases, health). {@link JsonRequests} sends the requests; unit
 * tests hand in an in-memory fake.
 */
public interface JsonApi {

  /**
   * Sends one request and returns the JSON answer (an empty object when there is none).
   *
   * @param body the JSON body, or null
   * @throws JsonRequests.ElasticsearchError when Elasticsearch answers with an error status
   * @throws IOException when no answer came
   */
  JsonNode send(String method, String path, JsonNode body) throws IOException;

  /** GET, with a 404 answer as empty. */
  default Optional<JsonNode> get(String path) throws IOException {
    try {
      return Optional.of(send("GET", path, null));
    } catch (JsonRequests.ElasticsearchError e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
