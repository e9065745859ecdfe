package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.JsonApi;
import java.io.IOException;

/**
 * Which incarnation of each source topic an index was built from: the topic's id (which Kafka gives
 * a topic when it is created, and a re-created topic of the same name does not share), kept in the
 * index's {@code _meta} under {@code unbundled_search_sources}. It outlives the consumer group's
 * committed offsets, which Kafka deletes with the topic.
 */
public final class SourceTopicIds {

  /** Key, in {@code _meta}, of the object mapping each source topic to its id. */
  public static final String META_KEY = "unbundled_search_sources";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonApi es;

  public SourceTopicIds(JsonApi es) {
    this.es = es;
  }

  /**
   * The id recorded for {@code topic} in {@code index}; when there is none yet, records {@code
   * currentId} (keeping the rest of {@code _meta}) and returns it.
   */
  public String recordedOrRecord(String index, String topic, String currentId) throws IOException {
    JsonNode meta =
        es.get("/" + index + "/_mapping?filter_path=*.mappings._meta")
            .map(response -> response.path(index).path("mappings").path("_meta"))
            .orElseGet(JSON::createObjectNode);
    JsonNode recorded = meta.path(META_KEY).path(topic);
    if (recorded.isTextual()) {
      return recorded.asText();
    }
    // A mapping update replaces the whole _meta: keep what others recorded there.
    ObjectNode merged = meta.isObject() ? ((ObjectNode) meta).deepCopy() : JSON.createObjectNode();
    merged.with(META_KEY).put(topic, currentId);
    ObjectNode body = JSON.createObjectNode();
    body.set("_meta", merged);
    es.send("PUT", "/" + index + "/_mapping", body);
    return currentId;
  }
}
