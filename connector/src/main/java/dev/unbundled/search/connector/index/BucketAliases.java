package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.connector.client.JsonApi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which reader aliases a new time bucket joins at birth: the read alias (and the preview alias) of
 * its topic when they already point at a bucket of the same connector, version and topic. A bucket
 * of a live version is then readable through the alias from its first document, in the request that
 * creates it; a bucket of a version still building joins nothing, and its aliases come with the
 * version's promotion.
 */
public final class BucketAliases {

  /** The aliases a new bucket joins, and whether the read alias is among them. */
  public record Joined(List<String> aliases, boolean read, boolean preview) {

    static final Joined NONE = new Joined(List.of(), false, false);
  }

  private final JsonApi es;
  private final String connector;
  private final int version;
  private final NameFormat readAlias;
  private final Optional<NameFormat> previewAlias;

  public BucketAliases(
      JsonApi es,
      String connector,
      int version,
      NameFormat readAlias,
      Optional<NameFormat> previewAlias) {
    this.es = es;
    this.connector = connector;
    this.version = version;
    this.readAlias = readAlias;
    this.previewAlias = previewAlias;
  }

  /** The aliases a new bucket of {@code topic} joins, read from the engine now. */
  Joined forNewBucket(String topic) throws IOException {
    String read = readAlias.nameFor(topic);
    Optional<String> preview = previewAlias.map(format -> format.nameFor(topic));
    Set<String> names = new LinkedHashSet<>();
    names.add(read);
    preview.ifPresent(names::add);
    Map<String, List<String>> holders = holders(names);
    if (holders.isEmpty()) {
      return Joined.NONE;
    }
    Set<String> siblings = siblings(holders.values(), topic);
    List<String> joined = new ArrayList<>();
    for (String alias : names) {
      if (holders.getOrDefault(alias, List.of()).stream().anyMatch(siblings::contains)) {
        joined.add(alias);
      }
    }
    return new Joined(
        List.copyOf(joined), joined.contains(read), preview.map(joined::contains).orElse(false));
  }

  private Map<String, List<String>> holders(Set<String> aliases) throws IOException {
    Map<String, List<String>> holders = new TreeMap<>();
    JsonNode rows =
        es.get("/_cat/aliases/" + String.join(",", aliases) + "?format=json&h=alias,index")
            .orElse(null);
    if (rows == null) {
      return holders;
    }
    for (JsonNode row : rows) {
      String alias = row.path("alias").asText();
      if (aliases.contains(alias)) {
        holders.computeIfAbsent(alias, a -> new ArrayList<>()).add(row.path("index").asText());
      }
    }
    return holders;
  }

  /** The holders that are buckets of this connector's version of {@code topic}. */
  private Set<String> siblings(Iterable<List<String>> holders, String topic) throws IOException {
    Set<String> indexes = new LinkedHashSet<>();
    holders.forEach(indexes::addAll);
    Optional<JsonNode> mappings =
        es.get(
            "/"
                + String.join(",", indexes)
                + "/_mapping?filter_path=*.mappings._meta&ignore_unavailable=true");
    Set<String> siblings = new LinkedHashSet<>();
    for (String index : indexes) {
      JsonNode meta = mappings.map(m -> m.path(index).path("mappings").path("_meta")).orElse(null);
      IndexOwnership.fromMeta(meta)
          .filter(owner -> owner.connector().equals(connector))
          .filter(owner -> owner.version() == version)
          .filter(owner -> owner.topic().equals(topic))
          .ifPresent(owner -> siblings.add(index));
    }
    return siblings;
  }
}
