package dev.unbundled.search.tool.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.JsonApi;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every document of an index: id, version, routing and a hash of its source, read with a scroll (a
 * search over every shard, so it needs no routing even where {@code _routing} is required).
 */
public final class IndexContents {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 2_000;

  /**
   * A stored document, as verify compares it.
   *
   * @param routing its {@code _routing}, or null
   * @param copies how often its id was found: more than once only with routing, when one id was
   *     written under two routing values
   */
  record Stored(long version, int sourceHash, String routing, int copies) {
    Stored(long version, int sourceHash) {
      this(version, sourceHash, null, 1);
    }

    Stored again() {
      return new Stored(version, sourceHash, routing, copies + 1);
    }
  }

  private IndexContents() {}

  /** The documents of {@code index}, or empty when there is no such index. */
  public static Optional<Map<String, Stored>> read(JsonApi es, String index) throws IOException {
    if (es.get("/" + index + "/_mapping").isEmpty()) {
      return Optional.empty();
    }
    try {
      // A building index has refresh turned off: what was written is not searchable yet.
      es.send("POST", "/" + index + "/_refresh", null);
    } catch (IOException e) {
      throw new IOException("Cannot refresh " + index + " before reading it: " + e.getMessage(), e);
    }
    Map<String, Stored> documents = new HashMap<>();
    ObjectNode query = JSON.createObjectNode();
    query.putArray("sort").add("_doc");
    JsonNode page =
        es.send("POST", "/" + index + "/_search?scroll=1m&version=true&size=" + PAGE, query);
    String scrollId = page.path("_scroll_id").asText(null);
    try {
      while (true) {
        JsonNode hits = page.path("hits").path("hits");
        if (hits.isEmpty()) {
          return Optional.of(documents);
        }
        for (JsonNode hit : hits) {
          Stored stored =
              new Stored(
                  hit.path("_version").asLong(),
                  hit.path("_source").hashCode(),
                  hit.path("_routing").asText(null),
                  1);
          documents.merge(hit.path("_id").asText(), stored, (first, more) -> first.again());
        }
        ObjectNode next = JSON.createObjectNode().put("scroll", "1m").put("scroll_id", scrollId);
        page = es.send("POST", "/_search/scroll", next);
        scrollId = page.path("_scroll_id").asText(scrollId);
      }
    } finally {
      if (scrollId != null) {
        es.send("DELETE", "/_search/scroll", JSON.createObjectNode().put("scroll_id", scrollId));
      }
    }
  }
}
