package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.index.IndexOwnership;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the connector needs to know about indexes and aliases, read fresh from Elasticsearch: every
 * index's ownership, and which indexes hold an alias.
 */
public final class IndexCatalog {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An index, with its {@code _meta} and the ownership recorded there, if any. */
  public record IndexEntry(String name, JsonNode meta, Optional<IndexOwnership> ownership) {}

  private final JsonRequests es;

  public IndexCatalog(JsonRequests es) {
    this.es = es;
  }

  /** Every open index, with its ownership. */
  public Map<String, IndexEntry> indexes() throws IOException {
    JsonNode response =
        es.get("/_all/_mapping?filter_path=*.mappings._meta").orElseGet(JSON::createObjectNode);
    Map<String, IndexEntry> indexes = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = response.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> index = it.next();
      JsonNode meta = index.getValue().path("mappings").path("_meta");
      indexes.put(
          index.getKey(), new IndexEntry(index.getKey(), meta, IndexOwnership.fromMeta(meta)));
    }
    return indexes;
  }

  /** The indexes holding each of the given aliases (an empty list for a missing alias). */
  public Map<String, List<String>> holders(List<String> aliases) throws IOException {
    Map<String, List<String>> holders = new HashMap<>();
    aliases.forEach(alias -> holders.put(alias, new ArrayList<>()));
    if (aliases.isEmpty()) {
      return holders;
    }
    JsonNode rows =
        es.get("/_cat/aliases/" + String.join(",", aliases) + "?format=json&h=alias,index")
            .orElseGet(JSON::createArrayNode);
    for (JsonNode row : rows) {
      List<String> indexes = holders.get(row.path("alias").asText());
      if (indexes != null) {
        indexes.add(row.path("index").asText());
      }
    }
    return holders;
  }

  /**
   * Records an ownership in an index's {@code _meta}, keeping its other keys and any preview or
   * promotion mark recorded since {@code index} was read. A mapping update replaces the whole
   * {@code _meta}, and Elasticsearch offers no compare-and-set for it: so the current {@code _meta}
   * is read again right before writing, which narrows the window in which a connector's check and
   * the tool's {@code promote} could undo each other's write from seconds to one round trip.
   */
  public void record(IndexEntry index, IndexOwnership ownership) throws IOException {
    JsonNode current =
        es.get("/" + index.name() + "/_mapping?filter_path=*.mappings._meta")
            .map(response -> response.path(index.name()).path("mappings").path("_meta"))
            .orElse(index.meta());
    IndexOwnership merged =
        IndexOwnership.fromMeta(current).map(ownership::keepingMarksOf).orElse(ownership);
    ObjectNode body = JSON.createObjectNode();
    body.set("_meta", merged.toMeta(current));
    es.send("PUT", "/" + index.name() + "/_mapping", body);
  }
}
