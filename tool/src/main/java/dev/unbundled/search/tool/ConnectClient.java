package dev.unbundled.search.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.connector.SearchSinkConnector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Connect REST API, as far as the tool needs it: our connectors, their configs and states. */
final class ConnectClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ConnectClient(URI base) {
    this.base = base;
  }

  /** Every connector of this plugin, by name, in name order. */
  List<SinkConnectorInfo> sinkConnectors() throws IOException, InterruptedException {
    JsonNode all = get("/connectors?expand=info&expand=status");
    List<SinkConnectorInfo> connectors = new ArrayList<>();
    for (var entry : iterable(all)) {
      SinkConnectorInfo info = parse(entry.getKey(), entry.getValue());
      if (info.isSearchSink()) {
        connectors.add(info);
      }
    }
    connectors.sort((a, b) -> a.name().compareTo(b.name()));
    return connectors;
  }

  /** One connector, if Connect knows it. */
  Optional<SinkConnectorInfo> connector(String name) throws IOException, InterruptedException {
    return sinkConnectors().stream().filter(c -> c.name().equals(name)).findFirst();
  }

  private static SinkConnectorInfo parse(String name, JsonNode node) {
    Map<String, String> config = new HashMap<>();
    node.path("info")
        .path("config")
        .fields()
        .forEachRemaining(field -> config.put(field.getKey(), field.getValue().asText()));
    JsonNode status = node.path("status");
    List<SinkConnectorInfo.TaskState> tasks = new ArrayList<>();
    for (JsonNode task : status.path("tasks")) {
      tasks.add(
          new SinkConnectorInfo.TaskState(
              task.path("id").asInt(),
              task.path("state").asText(),
              task.path("worker_id").asText(),
              firstLine(task.path("trace").asText(null))));
    }
    return new SinkConnectorInfo(
        name,
        Map.copyOf(config),
        status.path("connector").path("state").asText("UNKNOWN"),
        List.copyOf(tasks));
  }

  private static String firstLine(String trace) {
    if (trace == null) {
      return null;
    }
    int end = trace.indexOf('\n');
    return end < 0 ? trace : trace.substring(0, end);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException("Cannot reach Kafka Connect at " + base + ": " + e, e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "Kafka Connect at " + base + " answered HTTP " + response.statusCode() + " for " + path);
    }
    return JSON.readTree(response.body());
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }

  /** The connector class the tool looks for. */
  static final String CONNECTOR_CLASS = SearchSinkConnector.class.getName();
}
