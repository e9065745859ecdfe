package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.JsonRequests;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a schema-derived mapping in step with the records' schemas when they evolve mid-topic (a
 * new column, a new Avro schema version): before the first record of a schema not seen yet is
 * written, the fields its derived mapping adds are put into the index's mapping, so a new timestamp
 * column becomes a {@code date} and a new decimal a {@code double}, as if the index had been
 * created with that schema, instead of what dynamic mapping would guess from the first value.
 *
 * <p>Fields already mapped keep their type: Elasticsearch cannot change it in place. A schema that
 * changes a field's type is logged once per field, and each record whose value the old type cannot
 * hold is that record's failure (the dead-letter queue under {@code errors.tolerance=all}).
 * Changing a type takes a rebuild under a new {@code index.version}. Removed fields stay in the
 * mapping; documents without them simply lack them.
 */
final class SchemaMappingUpdates {

  private static final Logger log = LoggerFactory.getLogger(SchemaMappingUpdates.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What is known of one index's mapping: the schemas already compared with it. */
  private static final class IndexMapping {
    JsonNode mappings;
    Schema last;
    final Set<Schema> seen = new HashSet<>();
    final Set<String> reported = new HashSet<>();

    IndexMapping(JsonNode mappings) {
      this.mappings = mappings;
    }
  }

  /** Where index mappings are read and extended: Elasticsearch, or a fake in tests. */
  interface Mappings {
    /** The index's {@code mappings} object (empty when the index has none). */
    JsonNode read(String index) throws IOException;

    /**
     * Adds fields ({@code {"properties": ...}}) to the index's mapping; false, with the reason
     * logged, when Elasticsearch refuses them (another task or dynamic mapping mapped a field
     * first, a field limit). Other failures throw.
     */
    boolean add(String index, ObjectNode additions) throws IOException;

    static Mappings of(JsonApi es) {
      return new Mappings() {
        @Override
        public JsonNode read(String index) throws IOException {
          Optional<JsonNode> response = es.get("/" + index + "/_mapping");
          return response
              .map(body -> body.path(index).path("mappings"))
              .orElseGet(JSON::createObjectNode);
        }

        @Override
        public boolean add(String index, ObjectNode additions) throws IOException {
          try {
            es.send("PUT", "/" + index + "/_mapping", additions);
            return true;
          } catch (JsonRequests.ElasticsearchError e) {
            if (e.status() == 429 || e.status() >= 500) {
              throw e;
            }
            log.warn(
                "Could not add the fields of a new schema to the mapping of index {}: {}",
                index,
                e.getMessage());
            return false;
          }
        }
      };
    }
  }

  private final Mappings store;
  private final MappingDerivation derivation;
  private final Map<String, IndexMapping> indexes = new ConcurrentHashMap<>();

  SchemaMappingUpdates(Mappings store, MappingDerivation derivation) {
    this.store = store;
    this.derivation = derivation;
  }

  /** Adds to {@code index}'s mapping what {@code valueSchema} brings, the first time it is seen. */
  void follow(String index, Schema valueSchema) throws IOException {
    if (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT) {
      return;
    }
    IndexMapping known = indexes.get(index);
    // Converters hand out one schema instance per schema version: the common case is this check.
    if (known != null && known.last == valueSchema) {
      return;
    }
    if (known == null) {
      known = new IndexMapping(store.read(index));
      indexes.put(index, known);
    }
    known.last = valueSchema;
    if (!known.seen.add(valueSchema)) {
      return;
    }
    ObjectNode derived = derivation.mappingFor(valueSchema).orElseThrow();
    MappingDifference difference = MappingDifference.between(known.mappings, derived);
    if (difference.hasAdditions()) {
      difference = addFields(index, known, derived, difference);
    }
    reportConflicts(index, known, difference);
  }

  /** Puts the missing fields into the mapping; returns how the mapping then compares. */
  private MappingDifference addFields(
      String index, IndexMapping known, ObjectNode derived, MappingDifference difference)
      throws IOException {
    // What is still missing after a refusal is left to Elasticsearch record by record.
    if (store.add(index, difference.additions())) {
      log.info(
          "Added the fields {} of a new schema to the mapping of index {}",
          difference.additions().path("properties").properties().stream()
              .map(Map.Entry::getKey)
              .toList(),
          index);
    }
    known.mappings = store.read(index);
    return MappingDifference.between(known.mappings, derived);
  }

  private void reportConflicts(String index, IndexMapping known, MappingDifference difference) {
    for (String conflict : difference.conflicts()) {
      if (known.reported.add(conflict)) {
        log.warn(
            "Index {}: {}. Elasticsearch cannot change a field's type in place: records whose"
                + " value the mapped type cannot hold fail one by one (the dead-letter queue under"
                + " errors.tolerance=all). To change the type, rebuild under a new index.version"
                + " with index.mappings.",
            index,
            conflict);
      }
    }
  }

  /** Forgets an index (deleted, or re-created): its mapping is read again on next use. */
  void forget(String index) {
    indexes.remove(index);
  }
}
