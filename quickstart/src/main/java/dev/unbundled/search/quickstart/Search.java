package dev.unbundled.search.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the quickstart reads from the search server, over its HTTP API (the same on both engines).
 */
final class Search {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Search(URI url) {
    this.url = url;
  }

  /** Documents in an index or alias; -1 while it does not exist. */
  long count(String target) throws IOException {
    HttpResponse<String> response = get("/" + target + "/_count");
    return response.statusCode() == 200
        ? JSON.readTree(response.body()).path("count").asLong()
        : -1;
  }

  /** Makes everything written to an index or alias searchable now. */
  void refresh(String target) throws IOException {
    send(
        HttpRequest.newBuilder(url.resolve("/" + target + "/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** The phase the connector recorded in the index's {@code _meta}. */
  String phase(String index) throws IOException {
    HttpResponse<String> response = get("/" + index + "/_mapping");
    if (response.statusCode() != 200) {
      return "not created yet";
    }
    return JSON.readTree(response.body())
        .path(index)
        .path("mappings")
        .path("_meta")
        .path("unbundled_search")
        .path("phase")
        .asText("?");
  }

  /** The indexes behind an alias. */
  List<String> aliasTargets(String alias) throws IOException {
    List<String> indexes = new ArrayList<>();
    HttpResponse<String> response = get("/_cat/aliases/" + alias + "?format=json&h=alias,index");
    for (JsonNode row : JSON.readTree(response.body())) {
      if (row.path("alias").asText().equals(alias)) {
        indexes.add(row.path("index").asText());
      }
    }
    return indexes;
  }

  /** Runs a query; the HTTP status and the parsed answer. */
  Result search(String target, String query) throws IOException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(url.resolve("/" + target + "/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query)));
    return new Result(response.statusCode(), JSON.readTree(response.body()));
  }

  record Result(int status, JsonNode body) {
    long hits() {
      return body.path("hits").path("total").path("value").asLong();
    }

    String error() {
      return body.path("error")
          .path("root_cause")
          .path(0)
          .path("reason")
          .asText(body.path("error").asText());
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    return send(HttpRequest.newBuilder(url.resolve(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted", e);
    }
  }
}
