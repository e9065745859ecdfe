package dev.unbundled.search.connector.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.connector.client.SearchEngine.Distribution;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;

/**
 * Asks the cluster which engine and version it is.
 *
 * <p>{@code GET /} says it directly, but is not always answered: Elasticsearch's integ-test
 * distribution answers 405, and a user without the {@code monitor} privilege may be refused. Then
 * the nodes info gives the version, and Elasticsearch gives itself away by the {@code
 * X-Elastic-Product} header it puts on every answer since 7.14 (OpenSearch never does; OpenSearch 3
 * puts its version in {@code X-OpenSearch-Version}, which is the last resort). An OpenSearch in
 * compatibility mode ({@code compatibility.override_main_response_version}, the default on AWS
 * domains upgraded from Elasticsearch) claims to be 7.10.2 at {@code GET /}; its nodes info tells
 * the truth.
 */
public final class EngineDetector {

  static final String PRODUCT_HEADER = "X-Elastic-Product";
  static final String OPENSEARCH_HEADER = "X-OpenSearch-Version";
  private static final String OPENSEARCH_HEADER_PREFIX = "OpenSearch/";
  private static final String COMPATIBILITY_MODE_VERSION = "7.10.2";
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineDetector() {}

  /**
   * The engine, or empty when the cluster would not say (both questions refused).
   *
   * @throws IOException when the cluster cannot be reached, or answers that it cannot answer now
   *     (429, 5xx)
   */
  public static Optional<SearchEngine> detect(RestRequests client) throws IOException {
    Answer root = get(client, "/");
    Optional<SearchEngine> said =
        root.ok() ? SearchEngine.fromRootResponse(root.body()) : Optional.empty();
    if (said.isPresent() && !said.get().version().equals(COMPATIBILITY_MODE_VERSION)) {
      return said;
    }
    Answer nodes = get(client, "/_nodes/_local?filter_path=nodes.*.version");
    Optional<String> nodeVersion = nodes.ok() ? firstNodeVersion(nodes.body()) : Optional.empty();
    if (nodeVersion.isEmpty()) {
      return said.or(
          () ->
              root.openSearchVersion()
                  .or(nodes::openSearchVersion)
                  .map(version -> new SearchEngine(Distribution.OPENSEARCH, version)));
    }
    if (said.isPresent() && !nodeVersion.get().equals(said.get().version())) {
      return Optional.of(new SearchEngine(Distribution.OPENSEARCH, nodeVersion.get()));
    }
    boolean elastic = root.fromElastic() || nodes.fromElastic();
    Distribution distribution =
        said.map(SearchEngine::distribution)
            .orElse(elastic ? Distribution.ELASTICSEARCH : Distribution.OPENSEARCH);
    return Optional.of(new SearchEngine(distribution, nodeVersion.get()));
  }

  private static Optional<String> firstNodeVersion(JsonNode body) {
    Iterator<JsonNode> nodes = body.path("nodes").elements();
    while (nodes.hasNext()) {
      String version = nodes.next().path("version").asText("");
      if (!version.isEmpty()) {
        return Optional.of(version);
      }
    }
    return Optional.empty();
  }

  /**
   * An answer, successful or not, with what its headers say about its sender.
   *
   * @param openSearchHeader the {@code X-OpenSearch-Version} header (OpenSearch 3 sends {@code
   *     OpenSearch/3.6.0 (opensearch)}), or null
   */
  private record Answer(boolean ok, JsonNode body, boolean fromElastic, String openSearchHeader) {

    Optional<String> openSearchVersion() {
      if (openSearchHeader == null || !openSearchHeader.startsWith(OPENSEARCH_HEADER_PREFIX)) {
        return Optional.empty();
      }
      String version = openSearchHeader.substring(OPENSEARCH_HEADER_PREFIX.length()).split(" ")[0];
      return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }
  }

  private static Answer get(RestRequests client, String path) throws IOException {
    Response response;
    boolean ok = true;
    try {
      response = client.perform(new Request("GET", path));
    } catch (ResponseException refused) {
      response = refused.getResponse();
      int status = response.getStatusLine().getStatusCode();
      // Overloaded or starting: no answer yet, rather than a refusal to say.
      if (status == 429 || status >= 500) {
        throw refused;
      }
      ok = false;
    }
    boolean fromElastic = "Elasticsearch".equalsIgnoreCase(response.getHeader(PRODUCT_HEADER));
    return new Answer(
        ok,
        ok ? read(response) : JSON.createObjectNode(),
        fromElastic,
        response.getHeader(OPENSEARCH_HEADER));
  }

  private static JsonNode read(Response response) {
    if (response.getEntity() == null) {
      return JSON.createObjectNode();
    }
    try (InputStream in = response.getEntity().getContent()) {
      return JSON.readTree(in);
    } catch (IOException | RuntimeException notJson) {
      return JSON.createObjectNode();
    }
  }
}
