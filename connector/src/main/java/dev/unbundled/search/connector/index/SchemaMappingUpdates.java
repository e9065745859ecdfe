package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.JsonRequests;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
 * <p>Fields already mapped keep their type: Elasticsearch cannot change it in place. Derived
 * mappings use the widest numeric types, so a widened column (int to bigint) needs no change. A
 * schema that gives a field a type of another kind, which the mapped type cannot take any value of
 * (a {@code long} become a string, an object become a number), is refused before anything is sent:
 * each of its records fails with a {@link MappingConflictException} naming the field, both types
 * and the remedy (a rebuild into a new index version), and goes to the dead-letter queue under
 * {@code errors.tolerance=all}. A narrower type of the same kind (an {@code integer} mapped before
 * every integer was derived as {@code long}) is logged once per field, and only the values it
 * cannot hold fail, one by one, as Elasticsearch turns them away. Removed fields stay in the
 * mapping; documents without them simply lack them.
 */
final class SchemaMappingUpdates {

  private static final Logger log = LoggerFactory.getLogger(SchemaMappingUpdates.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What is known of one index's mapping: the schemas already compared with it, each with the
   * fields it gives a type the index cannot take (empty when its records can be written).
   */
  private static final class IndexMapping {
    JsonNode mappings;
    Schema last;
    List<MappingDifference.Conflict> lastIncompatible = List.of();
    final Map<Schema, List<MappingDifference.Conflict>> verdicts = new HashMap<>();
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
  private final String connector;
  private final Map<String, IndexMapping> indexes = new ConcurrentHashMap<>();

  /**
   * @param connector the connector's name, for the remedy in a {@link MappingConflictException}
   */
  SchemaMappingUpdates(Mappings store, MappingDerivation derivation, String connector) {
    this.store = store;
    this.derivation = derivation;
    this.connector = connector;
  }

  /**
   * Adds to {@code index}'s mapping what {@code valueSchema} brings, the first time it is seen.
   *
   * @throws MappingConflictException (a new one on each call) when the index maps a field of the
   *     schema as a type that can take none of its values: this record's failure
   */
  void follow(String index, Schema valueSchema) throws IOException {
    if (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT) {
      return;
    }
    IndexMapping known = indexes.get(index);
    // Converters hand out one schema instance per schema version: the common case is this check.
    if (known == null || known.last != valueSchema) {
      if (known == null) {
        known = new IndexMapping(store.read(index));
        indexes.put(index, known);
      }
      List<MappingDifference.Conflict> incompatible = known.verdicts.get(valueSchema);
      if (incompatible == null) {
        incompatible = compare(index, known, valueSchema);
        known.verdicts.put(valueSchema, incompatible);
      }
      known.last = valueSchema;
      known.lastIncompatible = incompatible;
    }
    if (!known.lastIncompatible.isEmpty()) {
      throw new MappingConflictException(index, connector, known.lastIncompatible);
    }
  }

  /**
   * Compares a schema not seen yet with the index's mapping, adding the fields it lacks unless the
   * schema cannot be written at all; returns the fields the index cannot take.
   */
  private List<MappingDifference.Conflict> compare(
      String index, IndexMapping known, Schema valueSchema) throws IOException {
    ObjectNode derived = derivation.mappingFor(valueSchema).orElseThrow();
    MappingDifference difference = MappingDifference.between(known.mappings, derived);
    // A schema none of whose records can be written changes nothing in the index.
    if (difference.incompatible().isEmpty() && difference.hasAdditions()) {
      difference = addFields(index, known, derived, difference);
    }
    reportConflicts(index, known, difference);
    return difference.incompatible();
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
    for (MappingDifference.Conflict conflict : difference.conflicts()) {
      if (!known.reported.add(conflict.toString())) {
        continue;
      }
      String consequence =
          conflict.incompatible()
              ? "every record of a schema with this change fails"
              : "records whose value the mapped type cannot hold fail one by one";
      log.warn(
          "Index {}: {}. The search engine cannot change a field's type in place: {} (the dead-letter"
              + " queue under errors.tolerance=all). To change the type, rebuild under a new"
              + " index.version with index.mappings (search-sink reindex {} --set"
              + " index.mappings=@mappings.json).",
          index,
          conflict,
          consequence,
          connector);
    }
  }

  /** Forgets an index (deleted, or re-created): its mapping is read again on next use. */
  void forget(String index) {
    indexes.remove(index);
  }
}
