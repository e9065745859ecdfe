package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.index.IndexOwnership;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the connector and the tool need to know about indexes and aliases, read fresh from
 * Elasticsearch: indexes' ownership, and which indexes hold an alias.
 */
public final class IndexCatalog {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String META = "/_mapping?filter_path=*.mappings._meta";

  /** An index, with its {@code _meta} and the ownership recorded there, if any. */
  public record IndexEntry(String name, JsonNode meta, Optional<IndexOwnership> ownership) {

    /** The ownership of an index known to be owned. */
    public IndexOwnership owner() {
      return ownership.orElseThrow();
    }
  }

  private final JsonApi es;

  public IndexCatalog(JsonApi es) {
    this.es = es;
  }

  /** Every open index, with its ownership. */
  public Map<String, IndexEntry> indexes() throws IOException {
    return read("_all");
  }

  /**
   * A connector's own indexes, by name, in one request that reads only the {@code _meta} of the
   * indexes its name format can give.
   */
  public SortedMap<String, IndexEntry> own(OwnIndexes own) throws IOException {
    SortedMap<String, IndexEntry> indexes = new TreeMap<>();
    read(own.namePattern())
        .forEach(
            (name, index) -> {
              if (index.ownership().filter(own::includes).isPresent()) {
                indexes.put(name, index);
              }
            });
    return indexes;
  }

  /** The named indexes that exist, by name. */
  public Map<String, IndexEntry> entries(Collection<String> names) throws IOException {
    return names.isEmpty() ? Map.of() : read(String.join(",", names));
  }

  private Map<String, IndexEntry> read(String expression) throws IOException {
    JsonNode response =
        es.get("/" + expression + META + "&ignore_unavailable=true")
            .orElseGet(JSON::createObjectNode);
    Map<String, IndexEntry> indexes = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = response.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> index = it.next();
      indexes.put(index.getKey(), entry(index.getKey(), index.getValue()));
    }
    return indexes;
  }

  private static IndexEntry entry(String name, JsonNode mapping) {
    JsonNode meta = mapping.path("mappings").path("_meta");
    return new IndexEntry(name, meta, IndexOwnership.fromMeta(meta));
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
   *
   * @return the index as now recorded
   */
  public IndexEntry record(IndexEntry index, IndexOwnership ownership) throws IOException {
    JsonNode current =
        es.get("/" + index.name() + META)
            .map(response -> response.path(index.name()).path("mappings").path("_meta"))
            .orElse(index.meta());
    IndexOwnership merged =
        IndexOwnership.fromMeta(current).map(ownership::keepingMarksOf).orElse(ownership);
    ObjectNode meta = merged.toMeta(current);
    ObjectNode body = JSON.createObjectNode();
    body.set("_meta", meta);
    es.send("PUT", "/" + index.name() + "/_mapping", body);
    return new IndexEntry(index.name(), meta, Optional.of(merged));
  }

  /**
   * Sets {@code key} in an index's {@code _meta} to {@code value}, keeping everything else there
   * (read again right before writing, as in {@link #record}).
   */
  public void mark(String index, String key, JsonNode value) throws IOException {
    JsonNode current =
        es.get("/" + index + META)
            .map(response -> response.path(index).path("mappings").path("_meta"))
            .orElseGet(JSON::createObjectNode);
    ObjectNode meta =
        current.isObject() ? ((ObjectNode) current).deepCopy() : JSON.createObjectNode();
    meta.set(key, value);
    ObjectNode body = JSON.createObjectNode();
    body.set("_meta", meta);
    es.send("PUT", "/" + index + "/_mapping", body);
  }
}
