package dev.unbundled.search.tool.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.SearchSinkConnector;
import dev.unbundled.search.tool.ToolException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Connect REST API, as far as the tool needs it: our connectors, their configs and states,
 * Connect's own validation of a configuration, and creating, stopping and deleting connectors.
 */
public final class ConnectClient {

  /** The connector class the tool looks for. */
  public static final String CONNECTOR_CLASS = SearchSinkConnector.class.getName();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long to wait out a rebalance or a concurrent change, which Connect answers with 409. */
  private static final Duration REBALANCE_WAIT = Duration.ofSeconds(60);

  private final ConnectTransport transport;

  public ConnectClient(ConnectTransport transport) {
    this.transport = transport;
  }

  /** Every connector of this plugin, by name, in name order. */
  public List<SinkConnectorInfo> sinkConnectors() throws IOException, InterruptedException {
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
  public Optional<SinkConnectorInfo> connector(String name)
      throws IOException, InterruptedException {
    return sinkConnectors().stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * A connector's configuration as it was submitted ({@code GET /connectors/<name>/config}): config
   * provider placeholders stay unresolved, so a copy keeps them. Empty when there is no such
   * connector.
   */
  Optional<Map<String, String>> config(String name) throws IOException, InterruptedException {
    ConnectTransport.Response response =
        transport.send("GET", "/connectors/" + encode(name) + "/config", null);
    if (response.status() == 404) {
      return Optional.empty();
    }
    Map<String, String> config = new TreeMap<>();
    checked(response, "GET", "/connectors/" + name + "/config")
        .fields()
        .forEachRemaining(field -> config.put(field.getKey(), field.getValue().asText()));
    return Optional.of(config);
  }

  /**
   * The configuration of a connector of this plugin.
   *
   * @throws ToolException when Connect has no such connector, or it is of another class
   */
  public Map<String, String> searchSinkConfig(String name)
      throws IOException, InterruptedException {
    Map<String, String> config =
        config(name)
            .orElseThrow(() -> new ToolException("Kafka Connect has no connector '" + name + "'"));
    if (!SinkConnectorInfo.isSearchSinkClass(config.get("connector.class"))) {
      throw new ToolException(
          name
              + " is a connector of class "
              + config.get("connector.class")
              + ", not "
              + CONNECTOR_CLASS);
    }
    return config;
  }

  /** Whether Connect has a connector of that name, of any class. */
  public boolean exists(String name) throws IOException, InterruptedException {
    return config(name).isPresent();
  }

  /**
   * Connect's validation of a configuration ({@code PUT
   * /connector-plugins/<class>/config/validate}): the connector's own checks, Connect's, and those
   * of the converters and transforms it names.
   */
  public ConfigValidation validate(String connectorClass, Map<String, String> config)
      throws IOException, InterruptedException {
    String path = "/connector-plugins/" + encode(connectorClass) + "/config/validate";
    return ConfigValidation.from(checked(send("PUT", path, JSON.valueToTree(config)), "PUT", path));
  }

  /**
   * Creates a connector ({@code POST /connectors}), which Connect refuses when the name is taken.
   *
   * @return false when a connector of that name already exists
   */
  public boolean create(String name, Map<String, String> config)
      throws IOException, InterruptedException {
    return create(JSON.createObjectNode().put("name", name), name, config);
  }

  /**
   * Creates a connector stopped ({@code POST /connectors} with {@code initial_state=STOPPED},
   * Connect 3.7 and later), so that its offsets can be set before it reads anything.
   *
   * @return false when a connector of that name already exists
   */
  public boolean createStopped(String name, Map<String, String> config)
      throws IOException, InterruptedException {
    return create(
        JSON.createObjectNode().put("name", name).put("initial_state", "STOPPED"), name, config);
  }

  private boolean create(ObjectNode body, String name, Map<String, String> config)
      throws IOException, InterruptedException {
    body.set("config", JSON.valueToTree(config));
    ConnectTransport.Response response = send("POST", "/connectors", body);
    if (response.status() == 409 && exists(name)) {
      return false;
    }
    checked(response, "POST", "/connectors");
    return true;
  }

  /** Sets a stopped sink connector's offsets ({@code PATCH /connectors/<name>/offsets}). */
  public void alterOffsets(String name, Map<org.apache.kafka.common.TopicPartition, Long> offsets)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    var list = body.putArray("offsets");
    offsets.forEach(
        (partition, offset) -> {
          ObjectNode entry = list.addObject();
          entry
              .putObject("partition")
              .put("kafka_topic", partition.topic())
              .put("kafka_partition", partition.partition());
          entry.putObject("offset").put("kafka_offset", offset);
        });
    String path = "/connectors/" + encode(name) + "/offsets";
    checked(send("PATCH", path, body), "PATCH", path);
  }

  /** Resumes a stopped or paused connector ({@code PUT /connectors/<name>/resume}). */
  public void resume(String name) throws IOException, InterruptedException {
    String path = "/connectors/" + encode(name) + "/resume";
    checked(send("PUT", path, null), "PUT", path);
  }

  /** Stops a connector and its tasks ({@code PUT /connectors/<name>/stop}), then waits for it. */
  public void stop(String name, Duration timeout) throws IOException, InterruptedException {
    String path = "/connectors/" + encode(name) + "/stop";
    checked(send("PUT", path, null), "PUT", path);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode status = get("/connectors/" + encode(name) + "/status");
      String state = status.path("connector").path("state").asText();
      if (state.equals("STOPPED") && status.path("tasks").isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new ToolException(
            "Connector " + name + " did not stop within " + timeout.toSeconds() + " s: " + state);
      }
      Thread.sleep(250);
    }
  }

  /** Deletes a stopped sink connector's committed offsets ({@code DELETE .../offsets}). */
  public void resetOffsets(String name) throws IOException, InterruptedException {
    String path = "/connectors/" + encode(name) + "/offsets";
    checked(send("DELETE", path, null), "DELETE", path);
  }

  /** Deletes a connector ({@code DELETE /connectors/<name>}). */
  public void delete(String name) throws IOException, InterruptedException {
    String path = "/connectors/" + encode(name);
    ConnectTransport.Response response = send("DELETE", path, null);
    if (response.status() != 404) {
      checked(response, "DELETE", path);
    }
  }

  private static SinkConnectorInfo parse(String name, JsonNode node) {
    Map<String, String> config = new LinkedHashMap<>();
    node.path("info")
        .path("config")
        .fields()
        .forEachRemaining(field -> config.put(field.getKey(), field.getValue().asText()));
    JsonNode status = node.path("status");
    List<SinkConnectorInfo.TaskState> tasks = new ArrayList<>();
    for (JsonNode task : status.path("tasks")) {
      String trace = task.path("trace").asText(null);
      tasks.add(
          new SinkConnectorInfo.TaskState(
              task.path("id").asInt(),
              task.path("state").asText(),
              task.path("worker_id").asText(),
              TraceSummary.firstLine(trace),
              TraceSummary.lines(trace)));
    }
    JsonNode connector = status.path("connector");
    return new SinkConnectorInfo(
        name,
        Map.copyOf(config),
        connector.path("state").asText("UNKNOWN"),
        List.copyOf(tasks),
        TraceSummary.lines(connector.path("trace").asText(null)));
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return checked(transport.send("GET", path, null), "GET", path);
  }

  /** Sends a change, waiting out the 409 answers Connect gives while its workers rebalance. */
  private ConnectTransport.Response send(String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + REBALANCE_WAIT.toNanos();
    while (true) {
      ConnectTransport.Response response = transport.send(method, path, body);
      // Connect's "already exists" is final; its other 409s say "try again in a moment".
      boolean momentary =
          response.status() == 409 && !response.message().contains("already exists");
      if (!momentary || System.nanoTime() > deadline) {
        return response;
      }
      Thread.sleep(1_000);
    }
  }

  private JsonNode checked(ConnectTransport.Response response, String method, String path)
      throws ToolException {
    if (!response.ok()) {
      throw new ToolException(
          transport.describe()
              + " answered HTTP "
              + response.status()
              + " to "
              + method
              + " "
              + path
              + ": "
              + response.message());
    }
    return response.body();
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
