package dev.unbundled.search.connector.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.bulk.BulkItemResult;
import dev.unbundled.search.connector.bulk.BulkTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An in-memory Elasticsearch for unit tests: answers the JSON requests the connector and the tool
 * make (indexes, {@code _meta}, settings, aliases, refresh, health) and bulk requests, the way the
 * real server answers them (status codes and error types as Elasticsearch 8 sends them), and logs
 * every request so that tests can say what was asked.
 */
public final class FakeElasticsearch implements JsonApi, BulkTransport {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One index: its settings (flat), mappings, aliases and documents. */
  public static final class Index {
    final String name;
    final ObjectNode settings = JSON.createObjectNode();
    ObjectNode mappings = JSON.createObjectNode();
    final Set<String> aliases = new LinkedHashSet<>();
    final Map<String, String> documents = new TreeMap<>();
    boolean healthy = true;
    final Set<Integer> lostPrimaries = new ConcurrentSkipListSet<>();
    boolean replicasHeldBack;
    int refreshes;

    Index(String name) {
      this.name = name;
    }

    public JsonNode settings() {
      return settings;
    }

    /** Sets one setting ({@code index.*}), as a person's {@code _settings} call would. */
    public void setSetting(String key, String value) {
      settings.put(key, value);
    }

    public JsonNode mappings() {
      return mappings;
    }

    public JsonNode meta() {
      return mappings.path("_meta");
    }

    /** Replaces the {@code _meta}, as another party's mapping update would. */
    public void setMeta(JsonNode meta) {
      mappings.set("_meta", meta.deepCopy());
    }

    public Set<String> aliases() {
      return Collections.unmodifiableSet(aliases);
    }

    /** Document sources by id. */
    public Map<String, String> documents() {
      return Collections.unmodifiableMap(documents);
    }

    public int refreshes() {
      return refreshes;
    }

    public void setHealthy(boolean healthy) {
      this.healthy = healthy;
    }

    /** Keeps replicas off every node (or lets them be), as an allocation filter would. */
    public void holdReplicasBack(boolean held) {
      this.replicasHeldBack = held;
    }

    /**
     * Takes primary shard {@code shard} off every node, as losing the node with its only copy
     * would: red, {@code no_valid_shard_copy}, and writes of its documents answered with 503 {@code
     * unavailable_shards_exception} (as after Elasticsearch's bulk timeout).
     */
    public void losePrimary(int shard) {
      lostPrimaries.add(shard);
    }

    /** Brings the primary back, as the node's return with its data would. */
    public void recoverPrimary(int shard) {
      lostPrimaries.remove(shard);
    }

    int shards() {
      return settings.path("index.number_of_shards").asInt(1);
    }

    int replicas() {
      return settings.path("index.number_of_replicas").asInt(1);
    }
  }

  private final Map<String, Index> indexes = new TreeMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, BulkItemResult> itemFailures = new HashMap<>();
  private final Map<String, Runnable> before = new HashMap<>();
  private Predicate<String> failing = request -> false;
  private final Map<String, java.util.ArrayDeque<JsonRequests.ElasticsearchError>> refusals =
      new HashMap<>();
  private volatile CountDownLatch heldBulk;
  private int dataNodes = 1;

  /** Puts an index in place as a person would, with {@code meta} as its {@code _meta} if given. */
  public synchronized Index createIndex(String name, JsonNode meta) {
    Index index = new Index(name);
    if (meta != null) {
      index.mappings.set("_meta", meta.deepCopy());
    }
    indexes.put(name, index);
    return index;
  }

  /** How many data nodes cluster health reports (1 unless set). */
  public synchronized void setDataNodes(int dataNodes) {
    this.dataNodes = dataNodes;
  }

  public synchronized Index index(String name) {
    return indexes.get(name);
  }

  public synchronized boolean exists(String name) {
    return indexes.containsKey(name);
  }

  /** Deletes an index, and with it its aliases, as a person would. */
  public synchronized void deleteIndex(String name) {
    indexes.remove(name);
  }

  /** Points {@code alias} at {@code index} only, as an operator's {@code _aliases} call would. */
  public synchronized void pointAlias(String alias, String index) {
    indexes.values().forEach(i -> i.aliases.remove(alias));
    indexes.get(index).aliases.add(alias);
  }

  /** The indexes that hold {@code alias}, by name. */
  public synchronized List<String> holders(String alias) {
    return indexes.values().stream()
        .filter(i -> i.aliases.contains(alias))
        .map(i -> i.name)
        .toList();
  }

  /** Every request so far, as {@code METHOD path}. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Answers requests ({@code METHOD path}) that {@code matches} with a 503 from now on. */
  public synchronized void failRequests(Predicate<String> matches) {
    failing = matches;
  }

  /**
   * Answers the next {@code times} requests that are exactly {@code request} ({@code METHOD path})
   * with {@code status} and an error of {@code type}, as the engine would.
   */
  public synchronized void refuseNext(String request, int times, int status, String type) {
    java.util.ArrayDeque<JsonRequests.ElasticsearchError> queue =
        refusals.computeIfAbsent(request, r -> new java.util.ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(new JsonRequests.ElasticsearchError(status, type, "test refusal", null));
    }
  }

  /**
   * Runs {@code action} (another party's change, say) right before the first request that is
   * exactly {@code request} ({@code METHOD path}) is answered.
   */
  public synchronized void onceBefore(String request, Runnable action) {
    before.put(request, action);
  }

  /** Holds bulk requests unanswered until {@link #releaseBulk()}. */
  public void holdBulk() {
    heldBulk = new CountDownLatch(1);
  }

  public void releaseBulk() {
    CountDownLatch held = heldBulk;
    heldBulk = null;
    if (held != null) {
      held.countDown();
    }
  }

  /** Answers writes of document {@code id} with {@code result} from now on. */
  public synchronized void failItem(String id, BulkItemResult result) {
    itemFailures.put(id, result);
  }

  @Override
  public synchronized JsonNode send(String method, String path, JsonNode body) throws IOException {
    String request = method + " " + path;
    requests.add(request);
    Runnable action = before.remove(request);
    if (action != null) {
      action.run();
    }
    if (failing.test(request)) {
      throw new JsonRequests.ElasticsearchError(503, "unavailable", "test failure", null);
    }
    java.util.ArrayDeque<JsonRequests.ElasticsearchError> refused = refusals.get(request);
    if (refused != null && !refused.isEmpty()) {
      throw refused.poll();
    }
    int query = path.indexOf('?');
    Map<String, String> params = params(query < 0 ? "" : path.substring(query + 1));
    List<String> parts =
        List.of((query < 0 ? path : path.substring(0, query)).substring(1).split("/"));
    String first = parts.get(0);
    if (method.equals("POST") && path.equals("/_aliases")) {
      return aliases(body);
    }
    if (first.equals("_cat") && parts.get(1).equals("aliases")) {
      return catAliases(parts.size() > 2 ? List.of(parts.get(2).split(",")) : List.of());
    }
    if (first.equals("_cluster") && parts.get(1).equals("health")) {
      return params.containsKey("level")
          ? healthReport(parts.get(2), params.get("level").equals("shards"))
          : health(parts.get(2), params);
    }
    if (first.equals("_cluster") && parts.get(1).equals("allocation")) {
      return explain(body);
    }
    if (parts.size() == 1) {
      return switch (method) {
        case "PUT" -> createFromRequest(first, body);
        case "GET" -> describe(first, "true".equals(params.get("flat_settings")));
        case "DELETE" -> {
          if (indexes.remove(first) == null) {
            throw notFound(first);
          }
          yield JSON.createObjectNode().put("acknowledged", true);
        }
        default -> throw unsupported(request);
      };
    }
    String api = parts.get(1);
    if (api.equals("_mapping") && method.equals("GET")) {
      return mappings(
          first,
          "true".equals(params.get("ignore_unavailable")),
          params.containsKey("filter_path"));
    }
    if (api.equals("_alias") && method.equals("GET") && parts.size() == 2) {
      ObjectNode response = JSON.createObjectNode();
      for (String name : first.split(",")) {
        Index named = indexes.get(name);
        if (named != null) {
          ObjectNode aliases = response.putObject(name).putObject("aliases");
          named.aliases.forEach(aliases::putObject);
        }
      }
      return response;
    }
    Index index = indexes.get(first);
    if (index == null) {
      throw notFound(first);
    }
    switch (method + " " + api) {
      case "PUT _mapping" -> putMapping(index, body);
      case "PUT _settings" -> setSettings(index, body);
      case "POST _refresh" -> index.refreshes++;
      case "PUT _alias" -> index.aliases.add(parts.get(2));
      default -> throw unsupported(request);
    }
    return JSON.createObjectNode().put("acknowledged", true);
  }

  private JsonNode createFromRequest(String name, JsonNode body) throws IOException {
    if (indexes.containsKey(name)) {
      throw new JsonRequests.ElasticsearchError(
          400, "resource_already_exists_exception", "index [" + name + "] already exists", null);
    }
    Index index = new Index(name);
    if (body != null) {
      setSettings(index, body.path("settings"));
      if (body.path("mappings").isObject()) {
        index.mappings = (ObjectNode) body.get("mappings").deepCopy();
      }
      body.path("aliases").fieldNames().forEachRemaining(index.aliases::add);
    }
    indexes.put(name, index);
    return JSON.createObjectNode().put("acknowledged", true).put("index", name);
  }

  private static void setSettings(Index index, JsonNode settings) {
    for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> setting = it.next();
      if (setting.getValue().isNull()) {
        index.settings.remove(setting.getKey());
      } else {
        index.settings.set(setting.getKey(), setting.getValue());
      }
    }
  }

  /**
   * {@code GET /name}: the index, or every index an alias of that name points at; settings in
   * dotted form with {@code flat_settings=true}.
   */
  private JsonNode describe(String name, boolean flatSettings) throws IOException {
    List<Index> found =
        indexes.containsKey(name)
            ? List.of(indexes.get(name))
            : indexes.values().stream().filter(i -> i.aliases.contains(name)).toList();
    if (found.isEmpty()) {
      throw notFound(name);
    }
    ObjectNode response = JSON.createObjectNode();
    for (Index index : found) {
      ObjectNode node = response.putObject(index.name);
      ObjectNode aliases = node.putObject("aliases");
      index.aliases.forEach(aliases::putObject);
      node.set("mappings", index.mappings.deepCopy());
      if (flatSettings) {
        node.set("settings", index.settings.deepCopy());
      } else {
        node.putObject("settings").set("index", index.settings.deepCopy());
      }
    }
    return response;
  }

  /** A mapping update: a {@code _meta} replaces the old one, properties are added. */
  private static void putMapping(Index index, JsonNode body) {
    if (body.has("_meta")) {
      index.mappings.set("_meta", body.get("_meta").deepCopy());
    }
    ObjectNode properties = index.mappings.with("properties");
    body.path("properties")
        .fields()
        .forEachRemaining(f -> properties.set(f.getKey(), f.getValue()));
    if (properties.isEmpty()) {
      index.mappings.remove("properties");
    }
  }

  /**
   * {@code GET /expression/_mapping}, whole or (with {@code filter_path=*.mappings._meta}) only the
   * {@code _meta}, leaving out indexes without one, as Elasticsearch's filter does.
   */
  private JsonNode mappings(String expression, boolean ignoreUnavailable, boolean onlyMeta)
      throws IOException {
    Map<String, Index> matched = new LinkedHashMap<>();
    for (String element : expression.split(",")) {
      if (element.equals("_all") || element.contains("*")) {
        Pattern glob = Pattern.compile(Pattern.quote(element).replace("*", "\\E.*\\Q"));
        indexes.values().stream()
            .filter(i -> element.equals("_all") || glob.matcher(i.name).matches())
            .forEach(i -> matched.put(i.name, i));
      } else if (indexes.containsKey(element)) {
        matched.put(element, indexes.get(element));
      } else {
        List<Index> holders =
            indexes.values().stream().filter(i -> i.aliases.contains(element)).toList();
        if (holders.isEmpty() && !ignoreUnavailable) {
          throw notFound(element);
        }
        holders.forEach(i -> matched.put(i.name, i));
      }
    }
    ObjectNode response = JSON.createObjectNode();
    for (Index index : matched.values()) {
      if (!onlyMeta) {
        response.putObject(index.name).set("mappings", index.mappings.deepCopy());
      } else if (index.mappings.has("_meta")) {
        response.putObject(index.name).putObject("mappings").set("_meta", index.meta().deepCopy());
      }
    }
    return response;
  }

  private JsonNode catAliases(List<String> aliases) {
    ArrayNode rows = JSON.createArrayNode();
    for (Index index : indexes.values()) {
      for (String alias : index.aliases) {
        if (aliases.isEmpty() || aliases.contains(alias)) {
          rows.addObject().put("alias", alias).put("index", index.name);
        }
      }
    }
    return rows;
  }

  /** {@code POST /_aliases}: all actions or none; a removal that must exist and does not fails. */
  private JsonNode aliases(JsonNode body) throws IOException {
    for (JsonNode action : body.path("actions")) {
      JsonNode remove = action.path("remove");
      JsonNode add = action.path("add");
      if (remove.isObject()) {
        Index index = indexes.get(remove.path("index").asText());
        boolean there = index != null && index.aliases.contains(remove.path("alias").asText());
        if (!there && remove.path("must_exist").asBoolean(false)) {
          throw new JsonRequests.ElasticsearchError(
              404, "aliases_not_found_exception", "aliases [" + remove + "] missing", null);
        }
      } else if (add.isObject() && !indexes.containsKey(add.path("index").asText())) {
        throw notFound(add.path("index").asText());
      }
    }
    for (JsonNode action : body.path("actions")) {
      JsonNode remove = action.path("remove");
      JsonNode add = action.path("add");
      if (remove.isObject() && indexes.containsKey(remove.path("index").asText())) {
        indexes.get(remove.path("index").asText()).aliases.remove(remove.path("alias").asText());
      } else if (add.isObject()) {
        indexes.get(add.path("index").asText()).aliases.add(add.path("alias").asText());
      }
    }
    return JSON.createObjectNode().put("acknowledged", true);
  }

  /**
   * {@code level=indices} (or {@code shards}): each index's shards, replicas, status and, with
   * shards, whether each primary is active (see {@link #activeShards}).
   */
  private JsonNode healthReport(String names, boolean withShards) {
    ObjectNode report = JSON.createObjectNode().put("number_of_data_nodes", dataNodes);
    ObjectNode all = report.putObject("indices");
    for (String name : names.split(",")) {
      Index index = indexes.get(name);
      if (index == null) {
        continue;
      }
      int copies = index.shards() * (1 + index.replicas());
      int active = activeShards(index);
      String status =
          !index.lostPrimaries.isEmpty() ? "red" : active == copies ? "green" : "yellow";
      ObjectNode stats =
          all.putObject(name)
              .put("status", status)
              .put("number_of_shards", index.shards())
              .put("number_of_replicas", index.replicas())
              .put("active_shards", active)
              .put("initializing_shards", 0)
              .put("unassigned_shards", copies - active);
      if (withShards) {
        ObjectNode shards = stats.putObject("shards");
        for (int shard = 0; shard < index.shards(); shard++) {
          shards
              .putObject(Integer.toString(shard))
              .put("primary_active", !index.lostPrimaries.contains(shard));
        }
      }
    }
    return report;
  }

  /** None when unhealthy; else the primaries not lost, and their replicas unless held back. */
  private static int activeShards(Index index) {
    if (!index.healthy) {
      return 0;
    }
    int primaries = index.shards() - index.lostPrimaries.size();
    return index.replicasHeldBack ? primaries : primaries * (1 + index.replicas());
  }

  /** The allocation explanation of a primary: no valid copy when lost; 400 when assigned. */
  private JsonNode explain(JsonNode body) throws IOException {
    Index index = indexes.get(body.path("index").asText());
    if (index == null || !index.lostPrimaries.contains(body.path("shard").asInt())) {
      throw new JsonRequests.ElasticsearchError(
          400, "illegal_argument_exception", "no unassigned shard to explain", null);
    }
    return JSON.createObjectNode().put("can_allocate", "no_valid_shard_copy");
  }

  /**
   * Yellow or better, with the copies asked for active, or a wait that times out: answered with
   * 408, as Elasticsearch does.
   */
  private JsonNode health(String name, Map<String, String> params) throws IOException {
    Index index = indexes.get(name);
    int wanted = Integer.parseInt(params.getOrDefault("wait_for_active_shards", "0"));
    if (index == null
        || !index.lostPrimaries.isEmpty()
        || !index.healthy
        || activeShards(index) < wanted) {
      throw new JsonRequests.ElasticsearchError(408, null, null, null);
    }
    return JSON.createObjectNode().put("status", "green").put("timed_out", false);
  }

  @Override
  public List<BulkItemResult> send(byte[] body, int length, int operations) throws IOException {
    CountDownLatch held = heldBulk;
    try {
      if (held != null && !held.await(10, TimeUnit.SECONDS)) {
        throw new IOException("bulk requests held for too long");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return bulk(new String(body, 0, length, StandardCharsets.UTF_8), operations);
  }

  private synchronized List<BulkItemResult> bulk(String body, int operations) throws IOException {
    requests.add("POST /_bulk");
    if (failing.test("POST /_bulk")) {
      throw new IOException("test failure");
    }
    String[] lines = body.split("\n");
    List<BulkItemResult> results = new ArrayList<>();
    for (int line = 0; line < lines.length; line++) {
      JsonNode action = JSON.readTree(lines[line]);
      String type = action.fieldNames().next();
      JsonNode meta = action.get(type);
      String source = type.equals("delete") ? null : lines[++line];
      String id = meta.path("_id").asText();
      List<Index> targets =
          indexes.values().stream()
              .filter(i -> i.aliases.contains(meta.path("_index").asText()))
              .toList();
      if (itemFailures.containsKey(id)) {
        results.add(itemFailures.get(id));
      } else if (targets.size() != 1) {
        results.add(new BulkItemResult(404, "index_not_found_exception", "no such index [alias]"));
      } else if (targets.get(0).lostPrimaries.contains(shardOf(targets.get(0), id))) {
        results.add(
            new BulkItemResult(
                503,
                "unavailable_shards_exception",
                "["
                    + targets.get(0).name
                    + "]["
                    + shardOf(targets.get(0), id)
                    + "] primary shard"
                    + " is not active Timeout: [1m]"));
      } else {
        if (source == null) {
          targets.get(0).documents.remove(id);
        } else {
          targets.get(0).documents.put(id, source);
        }
        results.add(BulkItemResult.ok());
      }
    }
    if (results.size() != operations) {
      throw new IllegalStateException(results.size() + " operations, " + operations + " expected");
    }
    return results;
  }

  /** The shard a document lives on: not Elasticsearch's hash, but as stable. */
  private static int shardOf(Index index, String id) {
    return Math.floorMod(id.hashCode(), index.shards());
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new HashMap<>();
    for (String param : query.split("&")) {
      int eq = param.indexOf('=');
      if (eq > 0) {
        params.put(param.substring(0, eq), param.substring(eq + 1));
      }
    }
    return params;
  }

  private static JsonRequests.ElasticsearchError notFound(String name) {
    return new JsonRequests.ElasticsearchError(
        404, "index_not_found_exception", "no such index [" + name + "]", null);
  }

  private static IllegalArgumentException unsupported(String request) {
    return new IllegalArgumentException("The fake does not answer " + request);
  }
}
