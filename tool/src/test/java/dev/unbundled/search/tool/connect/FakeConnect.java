package dev.unbundled.search.tool.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory Kafka Connect REST API, answering the requests the tool sends as Connect would:
 * connectors with their configs and states, validation by a pluggable validator, create, stop,
 * offsets reset and delete. Every request is recorded.
 */
public final class FakeConnect implements ConnectTransport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CONNECTOR = Pattern.compile("/connectors/([^/?]+)(/[a-z]+)?");

  /** The keys Connect defines for every sink connector, and ours, as validation lists them. */
  public final Set<String> definedKeys =
      new TreeSet<>(
          List.of(
              "name",
              "connector.class",
              "tasks.max",
              "topics",
              "topics.regex",
              "key.converter",
              "value.converter",
              "transforms",
              "connection.url",
              "connection.password",
              "index.version",
              "index.name.format",
              "index.mappings",
              "index.settings",
              "alias.name.format",
              "alias.preview.name.format",
              "alias.promotion",
              "kafka.bootstrap.servers"));

  public final Set<String> passwordKeys = new TreeSet<>(List.of("connection.password"));
  public final Map<String, Map<String, String>> configs = new TreeMap<>();
  public final Map<String, String> states = new HashMap<>();
  public final Set<String> offsetsReset = new TreeSet<>();
  public final List<String> requests = new ArrayList<>();
  public final List<JsonNode> created = new ArrayList<>();

  /** Connect's and the connector's errors per key for a configuration. */
  public Function<Map<String, String>, Map<String, List<String>>> validator = config -> Map.of();

  public FakeConnect with(String name, Map<String, String> config) {
    Map<String, String> stored = new LinkedHashMap<>(config);
    stored.put("name", name);
    configs.put(name, stored);
    states.put(name, "RUNNING");
    return this;
  }

  /** The requests that changed something. */
  public List<String> changes() {
    return requests.stream().filter(request -> !request.startsWith("GET")).toList();
  }

  @Override
  public Response send(String method, String path, JsonNode body) {
    requests.add(method + " " + path);
    if (path.startsWith("/connectors?")) {
      ObjectNode all = JSON.createObjectNode();
      configs.forEach(
          (name, config) -> {
            ObjectNode entry = all.putObject(name);
            entry.putObject("info").set("config", JSON.valueToTree(config));
            entry.set("status", status(name));
          });
      return ok(all);
    }
    if (path.startsWith("/connector-plugins/") && path.endsWith("/config/validate")) {
      return ok(validation(JSON.convertValue(body, Map.class)));
    }
    if (method.equals("POST") && path.equals("/connectors")) {
      String name = body.path("name").asText();
      if (configs.containsKey(name)) {
        return error(409, "Connector " + name + " already exists");
      }
      created.add(body);
      @SuppressWarnings("unchecked")
      Map<String, String> config = JSON.convertValue(body.path("config"), Map.class);
      with(name, config);
      return new Response(201, body);
    }
    Matcher matcher = CONNECTOR.matcher(path);
    if (!matcher.matches()) {
      return error(404, "no route for " + path);
    }
    String name = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
    String action = matcher.group(2) == null ? "" : matcher.group(2);
    if (!configs.containsKey(name)) {
      return error(404, "Connector " + name + " not found");
    }
    return switch (method + " " + action) {
      case "GET /config" -> ok(JSON.valueToTree(configs.get(name)));
      case "GET /status" -> ok(status(name));
      case "PUT /stop" -> {
        states.put(name, "STOPPED");
        yield new Response(202, MissingNode.getInstance());
      }
      case "DELETE /offsets" -> {
        if (!states.get(name).equals("STOPPED")) {
          yield error(400, "Connectors must be in the STOPPED state before their offsets reset");
        }
        offsetsReset.add(name);
        yield ok(JSON.createObjectNode().put("message", "reset"));
      }
      case "DELETE " -> {
        configs.remove(name);
        states.remove(name);
        yield new Response(204, MissingNode.getInstance());
      }
      default -> error(405, method + " " + path);
    };
  }

  private ObjectNode status(String name) {
    ObjectNode status = JSON.createObjectNode().put("name", name);
    String state = states.get(name);
    status.putObject("connector").put("state", state).put("worker_id", "w1");
    ArrayNode tasks = status.putArray("tasks");
    if (!state.equals("STOPPED")) {
      tasks.addObject().put("id", 0).put("state", state).put("worker_id", "w1");
    }
    return status;
  }

  private ObjectNode validation(Map<String, String> config) {
    Map<String, List<String>> errors = validator.apply(config);
    Set<String> keys = new TreeSet<>(definedKeys);
    keys.addAll(errors.keySet());
    ObjectNode response = JSON.createObjectNode().put("name", ConnectClient.CONNECTOR_CLASS);
    response.put("error_count", errors.values().stream().mapToInt(List::size).sum());
    ArrayNode configsNode = response.putArray("configs");
    for (String key : keys) {
      ObjectNode entry = configsNode.addObject();
      entry
          .putObject("definition")
          .put("name", key)
          .put("type", passwordKeys.contains(key) ? "PASSWORD" : "STRING");
      ObjectNode value = entry.putObject("value").put("name", key);
      value.put("value", passwordKeys.contains(key) ? "[hidden]" : config.get(key));
      ArrayNode messages = value.putArray("errors");
      errors.getOrDefault(key, List.of()).forEach(messages::add);
    }
    return response;
  }

  private static Response ok(JsonNode body) {
    return new Response(200, body);
  }

  private static Response error(int status, String message) {
    return new Response(
        status, JSON.createObjectNode().put("error_code", status).put("message", message));
  }
}
