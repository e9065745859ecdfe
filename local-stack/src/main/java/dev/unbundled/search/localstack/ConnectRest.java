package dev.unbundled.search.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The Connect REST API, the way an operator uses it. */
public final class ConnectRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ConnectRest(String url) {
    this.url = url;
  }

  public String url() {
    return url;
  }

  boolean isReady() {
    try {
      return send(HttpRequest.newBuilder(URI.create(url + "/connectors")).GET()).statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** Creates or updates a connector: {@code PUT /connectors/<name>/config}. */
  public JsonNode putConnector(String name, Map<String, String> config) throws IOException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
    if (response.statusCode() >= 300) {
      throw new IOException("Connect refused connector " + name + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /**
   * Validates a connector configuration without creating it: {@code PUT
   * /connector-plugins/<class>/config/validate}, answered with each key's value and errors.
   */
  public JsonNode validate(Map<String, String> config) throws IOException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        url
                            + "/connector-plugins/"
                            + config.get("connector.class")
                            + "/config/validate"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
    if (response.statusCode() >= 300) {
      throw new IOException("Connect could not validate the configuration: " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** {@code GET /connectors/<name>/status}. */
  public JsonNode status(String name) throws IOException {
    return JSON.readTree(
        send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/status")).GET())
            .body());
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
