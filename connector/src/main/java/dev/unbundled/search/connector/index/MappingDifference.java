package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a mapping in place compares with the one derived from a newer schema: the fields it lacks
 * (ready for {@code PUT /<index>/_mapping}), and the fields whose type differs, which Elasticsearch
 * cannot change in place.
 */
record MappingDifference(ObjectNode additions, List<Conflict> conflicts) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A field the index maps as {@code indexType} while the newer schema derives {@code schemaType}.
   *
   * @param path the field's dotted path
   */
  record Conflict(String path, String indexType, String schemaType) {

    /**
     * Whether the field as mapped can take no value of the schema's type at all (a {@code long}
     * that became a string, an object that became a number), rather than merely a narrower type of
     * the same kind (an {@code integer} from before every integer was derived as {@code long},
     * which turns away only the values that do not fit, one by one).
     */
    boolean incompatible() {
      Kind mapped = Kind.of(indexType);
      Kind wanted = Kind.of(schemaType);
      return mapped != Kind.OTHER && wanted != Kind.OTHER && !mapped.holds(wanted);
    }

    @Override
    public String toString() {
      return path + " is mapped as " + indexType + ", the schema says " + schemaType;
    }
  }

  /**
   * Kinds of field types, by the JSON the connector writes for them. Types the connector never
   * derives (geo points, vectors, ...) are {@link #OTHER}: never judged here, left to
   * Elasticsearch.
   */
  private enum Kind {
    NUMBER(
        "byte",
        "short",
        "integer",
        "long",
        "unsigned_long",
        "half_float",
        "float",
        "double",
        "scaled_float"),
    STRING("text", "keyword", "match_only_text", "wildcard", "search_as_you_type"),
    DATE("date", "date_nanos"),
    BOOLEAN("boolean"),
    BINARY("binary"),
    OBJECT("object", "nested"),
    OTHER();

    private final Set<String> types;

    Kind(String... types) {
      this.types = Set.of(types);
    }

    static Kind of(String type) {
      for (Kind kind : values()) {
        if (kind.types.contains(type)) {
          return kind;
        }
      }
      return OTHER;
    }

    /** Whether a field of this kind takes values the schema says are of kind {@code wanted}. */
    boolean holds(Kind wanted) {
      return switch (this) {
        // Text and keywords index any scalar as its text.
        case STRING -> wanted != OBJECT;
        // A date field takes numbers as epoch milliseconds.
        case DATE -> wanted == DATE || wanted == NUMBER;
        default -> wanted == this;
      };
    }
  }

  boolean hasAdditions() {
    return !additions.path("properties").isEmpty();
  }

  /** The conflicts no value of the schema's type can get through (see {@link Conflict}). */
  List<Conflict> incompatible() {
    return conflicts.stream().filter(Conflict::incompatible).toList();
  }

  /**
   * Compares the mapping in place ({@code current}, a {@code mappings} object) with {@code
   * derived}, the mapping a newer schema gives.
   */
  static MappingDifference between(JsonNode current, ObjectNode derived) {
    List<Conflict> conflicts = new ArrayList<>();
    ObjectNode additions = JSON.createObjectNode();
    additions.set(
        "properties",
        missing(current.path("properties"), derived.path("properties"), "", conflicts));
    return new MappingDifference(additions, conflicts);
  }

  private static ObjectNode missing(
      JsonNode current, JsonNode derived, String prefix, List<Conflict> conflicts) {
    ObjectNode additions = JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> field : derived.properties()) {
      String path = prefix + field.getKey();
      JsonNode wanted = field.getValue();
      JsonNode existing = current.get(field.getKey());
      if (existing == null) {
        additions.set(field.getKey(), wanted);
        continue;
      }
      String existingType = typeOf(existing);
      String wantedType = typeOf(wanted);
      if (wanted.has("properties")
          && (existingType.equals("object") || existingType.equals("nested"))) {
        ObjectNode nested =
            missing(existing.path("properties"), wanted.get("properties"), path + ".", conflicts);
        if (!nested.isEmpty()) {
          ObjectNode object = additions.putObject(field.getKey());
          if (existingType.equals("nested")) {
            object.put("type", "nested");
          }
          object.set("properties", nested);
        }
      } else if (!existingType.equals(wantedType)) {
        conflicts.add(new Conflict(path, existingType, wantedType));
      }
    }
    return additions;
  }

  /** A field's type; objects are mapped without one. */
  private static String typeOf(JsonNode field) {
    return field.path("type").asText("object");
  }
}
