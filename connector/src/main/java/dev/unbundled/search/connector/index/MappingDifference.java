package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a mapping in place compares with the one derived from a newer schema: the fields it lacks
 * (ready for {@code PUT /<index>/_mapping}), and the fields whose type differs, which Elasticsearch
 * cannot change in place.
 */
record MappingDifference(ObjectNode additions, List<String> conflicts) {

  private static final ObjectMapper JSON = new ObjectMapper();

  boolean hasAdditions() {
    return !additions.path("properties").isEmpty();
  }

  /**
   * Compares the mapping in place ({@code current}, a {@code mappings} object) with {@code
   * derived}, the mapping a newer schema gives.
   */
  static MappingDifference between(JsonNode current, ObjectNode derived) {
    List<String> conflicts = new ArrayList<>();
    ObjectNode additions = JSON.createObjectNode();
    additions.set(
        "properties",
        missing(current.path("properties"), derived.path("properties"), "", conflicts));
    return new MappingDifference(additions, conflicts);
  }

  private static ObjectNode missing(
      JsonNode current, JsonNode derived, String prefix, List<String> conflicts) {
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
        conflicts.add(path + " is mapped as " + existingType + ", the schema says " + wantedType);
      }
    }
    return additions;
  }

  /** A field's type; objects are mapped without one. */
  private static String typeOf(JsonNode field) {
    return field.path("type").asText("object");
  }
}
