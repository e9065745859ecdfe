package dev.unbundled.search.tool.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.connector.index.IndexLostException;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory cluster: indexes with their {@code _meta} ownership, reader aliases, deletes. */
public final class FakeIndexes implements SearchIndexes, SearchIndexes.Opener {

  private static final ObjectMapper JSON = new ObjectMapper();

  public final Map<String, IndexCatalog.IndexEntry> indexes = new TreeMap<>();
  public final Map<String, List<String>> aliases = new TreeMap<>();
  public final List<String> deleted = new ArrayList<>();
  public int opened;

  /** An index owned by {@code connector}, as the connector records it. */
  public FakeIndexes owned(String index, String connector, String topic, int version) {
    JsonNode meta = IndexOwnership.created(connector, topic, version).toMeta(null);
    indexes.put(index, new IndexCatalog.IndexEntry(index, meta, IndexOwnership.fromMeta(meta)));
    return this;
  }

  /** An index nobody owns (made by hand). */
  public FakeIndexes unowned(String index) {
    indexes.put(
        index, new IndexCatalog.IndexEntry(index, JSON.createObjectNode(), Optional.empty()));
    return this;
  }

  /** The marker left where an index was deleted under a connector. */
  public FakeIndexes lostMarker(String index, String connector) {
    JsonNode meta = JSON.createObjectNode();
    ((com.fasterxml.jackson.databind.node.ObjectNode) meta)
        .putObject(IndexLostException.META_KEY)
        .put("connector", connector);
    indexes.put(index, new IndexCatalog.IndexEntry(index, meta, Optional.empty()));
    return this;
  }

  public FakeIndexes alias(String alias, String index) {
    aliases.computeIfAbsent(index, i -> new ArrayList<>()).add(alias);
    return this;
  }

  @Override
  public SearchIndexes open(String connector, Map<String, String> config) {
    opened++;
    return this;
  }

  @Override
  public Map<String, IndexCatalog.IndexEntry> indexes() {
    return Map.copyOf(indexes);
  }

  @Override
  public Map<String, List<String>> readerAliases(Collection<String> names) {
    Map<String, List<String>> result = new TreeMap<>();
    names.forEach(index -> result.put(index, List.copyOf(aliases.getOrDefault(index, List.of()))));
    return result;
  }

  @Override
  public void delete(String index) {
    indexes.remove(index);
    aliases.remove(index);
    deleted.add(index);
  }

  @Override
  public void close() {}
}
