package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The user's {@code index.settings}, flattened to Elasticsearch's dotted {@code index.*} form (so
 * {@code {"number_of_replicas": 1}}, {@code {"index": {"number_of_replicas": 1}}} and {@code
 * {"index.number_of_replicas": 1}} mean the same), plus the build phase on top of them, and how
 * long deletes are remembered ({@code index.gc_deletes}) unless the user's settings say.
 *
 * <p>While building, an index needs no refreshes (nobody reads it) and no replicas (the topic is
 * the backup); both cost indexing throughput. Before it gets an alias, the user's values, or
 * Elasticsearch's defaults, come back.
 */
public final class IndexSettings {

  static final String REFRESH_INTERVAL = "index.refresh_interval";
  static final String NUMBER_OF_REPLICAS = "index.number_of_replicas";
  static final String GC_DELETES = "index.gc_deletes";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode flat;

  private IndexSettings(ObjectNode flat) {
    this.flat = flat;
  }

  /**
   * These settings with {@code index.gc_deletes} at {@code retention}, unless the user's settings
   * have their own.
   */
  public IndexSettings deletesRetainedFor(Duration retention) {
    ObjectNode withRetention = flat.deepCopy();
    if (!withRetention.has(GC_DELETES)) {
      withRetention.put(GC_DELETES, retention.toMillis() + "ms");
    }
    return new IndexSettings(withRetention);
  }

  /** The {@code index.gc_deletes} the connector's indexes get, if any. */
  Optional<JsonNode> deletesRetention() {
    return Optional.ofNullable(flat.get(GC_DELETES));
  }

  /** From the JSON of {@code index.settings}; empty text means no settings. */
  public static IndexSettings parse(String json) {
    ObjectNode flat = JSON.createObjectNode();
    if (!json.isBlank()) {
      try {
        flatten("", JSON.readTree(json), flat);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new IndexSettings(flat);
  }

  private static void flatten(String prefix, JsonNode node, ObjectNode into) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix + field.getKey();
      if (field.getValue().isObject()) {
        flatten(key + ".", field.getValue(), into);
      } else {
        into.set(key.startsWith("index.") ? key : "index." + key, field.getValue());
      }
    }
  }

  /** The settings a new index is created with: the user's, with the build phase on top. */
  public ObjectNode forBuilding() {
    ObjectNode settings = flat.deepCopy();
    settings.put(REFRESH_INTERVAL, "-1");
    settings.put(NUMBER_OF_REPLICAS, 0);
    return settings;
  }

  /**
   * The settings of a new index that serves readers from its birth (a time bucket of a live
   * version): the user's, with the engine's defaults for the rest.
   */
  public ObjectNode forServingFromBirth() {
    return flat.deepCopy();
  }

  /** The settings that end the build phase: the user's values, or null for the defaults. */
  public ObjectNode forServing() {
    ObjectNode settings = JSON.createObjectNode();
    settings.set(
        REFRESH_INTERVAL,
        flat.has(REFRESH_INTERVAL) ? flat.get(REFRESH_INTERVAL) : NullNode.instance);
    settings.set(
        NUMBER_OF_REPLICAS,
        flat.has(NUMBER_OF_REPLICAS) ? flat.get(NUMBER_OF_REPLICAS) : NullNode.instance);
    return settings;
  }
}
