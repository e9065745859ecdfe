package dev.unbundled.search.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.localstack.TrustAll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What tests see of the search server, Elasticsearch or OpenSearch: its HTTP API, nothing else.
 * Reads are preceded by a refresh, so they see every acknowledged write.
 */
public final class Elasticsearch {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final HttpClient http;
  private final String authorization;
  private final String product;

  public Elasticsearch(URI url) {
    this(url, "unknown");
  }

  /**
   * @param product what the server is, as the engine names itself: {@code Elasticsearch 8.19.21},
   *     {@code OpenSearch 2.19.6}
   */
  public Elasticsearch(URI url, String product) {
    this.url = url;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.authorization = null;
    this.product = product;
  }

  /** A secured server, read over https (trusting its certificate) as the given user. */
  public Elasticsearch(URI url, String user, String password) {
    this.url = url;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .sslContext(TrustAll.context())
            .build();
    this.authorization =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    this.product = "unknown";
  }

  /** What the server is, such as {@code OpenSearch 2.19.6}: what the connector should report. */
  public String product() {
    return product;
  }

  /** The server's address, for connector configurations. */
  public String url() {
    return url.toString();
  }

  /** A stored document: its id, version, sequence number and source. */
  public record Document(String id, long version, long seqNo, JsonNode source) {}

  public long count(String index) {
    refresh(index);
    return get("/" + index + "/_count").get("count").asLong();
  }

  public boolean indexExists(String index) {
    return send(request("/" + index).method("HEAD", HttpRequest.BodyPublishers.noBody()))
            .statusCode()
        == 200;
  }

  /** Every document of the index by id, read with a scroll so no result window limits it. */
  public Map<String, Document> documents(String index) {
    refresh(index);
    Map<String, Document> documents = new TreeMap<>();
    JsonNode page =
        post(
            "/" + index + "/_search?scroll=1m&size=5000&version=true&seq_no_primary_term=true",
            "{\"sort\":[\"_doc\"]}");
    while (true) {
      JsonNode hits = page.path("hits").path("hits");
      if (hits.isEmpty()) {
        break;
      }
      for (JsonNode hit : hits) {
        String id = hit.get("_id").asText();
        documents.put(
            id,
            new Document(
                id, hit.get("_version").asLong(), hit.get("_seq_no").asLong(), hit.get("_source")));
      }
      ObjectNode next = JSON.createObjectNode().put("scroll", "1m");
      next.put("scroll_id", page.get("_scroll_id").asText());
      page = post("/_search/scroll", next.toString());
    }
    ObjectNode clear = JSON.createObjectNode().put("scroll_id", page.get("_scroll_id").asText());
    send(request("/_search/scroll").method("DELETE", body(clear.toString())));
    return documents;
  }

  /** The indexes an alias points at; empty when there is no such alias. */
  public List<String> aliasHolders(String alias) {
    List<String> holders = new ArrayList<>();
    for (JsonNode row : get("/_cat/aliases/" + alias + "?format=json&h=alias,index")) {
      if (row.path("alias").asText().equals(alias)) {
        holders.add(row.path("index").asText());
      }
    }
    return holders;
  }

  /** Moves an alias from one index to another in one atomic request, as an operator would. */
  public void moveAlias(String alias, String from, String to) {
    ObjectNode body = JSON.createObjectNode();
    var actions = body.putArray("actions");
    actions.addObject().putObject("remove").put("index", from).put("alias", alias);
    actions.addObject().putObject("add").put("index", to).put("alias", alias);
    post("/_aliases", body.toString());
  }

  /** The fields of an index's mapping ({@code mappings.properties}). */
  public JsonNode mappingProperties(String index) {
    return get("/" + index + "/_mapping").path(index).path("mappings").path("properties");
  }

  /** The connector's record in an index's {@code _meta}. */
  public JsonNode ownership(String index) {
    return get("/" + index + "/_mapping")
        .path(index)
        .path("mappings")
        .path("_meta")
        .path("unbundled_search");
  }

  public void refresh(String index) {
    post("/" + index + "/_refresh", "");
  }

  public JsonNode get(String path) {
    return parse(send(request(path).GET()));
  }

  public JsonNode post(String path, String json) {
    return parse(send(request(path).POST(body(json))));
  }

  public JsonNode put(String path, String json) {
    return parse(send(request(path).PUT(body(json))));
  }

  public void delete(String path) {
    send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    return authorization == null ? request : request.header("Authorization", authorization);
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(HttpResponse<String> response) {
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
