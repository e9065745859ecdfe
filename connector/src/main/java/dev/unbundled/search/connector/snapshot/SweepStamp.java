package dev.unbundled.search.connector.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The hidden field each document carries under {@code cdc.snapshot.sweep}: the Kafka timestamp of
 * the record that last wrote it, which a sweep compares with a snapshot's beginning. Mapped as a
 * {@code long} and left out of {@code _source}, so readers and {@code verify} never see it.
 */
public final class SweepStamp {

  /** The field's name: an unlikely column name, as Debezium's own metadata fields go. */
  public static final String FIELD = "__search_sink_ts";

  private SweepStamp() {}

  /** Adds the field to a new index's {@code mappings}: mapped as a long, left out of _source. */
  public static ObjectNode addTo(ObjectNode mappings) {
    JsonNode properties = mappings.get("properties");
    ObjectNode props =
        properties instanceof ObjectNode object ? object : mappings.putObject("properties");
    props.putObject(FIELD).put("type", "long");
    JsonNode source = mappings.get("_source");
    ObjectNode sourceNode =
        source instanceof ObjectNode object ? object : mappings.putObject("_source");
    JsonNode excludes = sourceNode.get("excludes");
    ArrayNode list = excludes instanceof ArrayNode array ? array : sourceNode.putArray("excludes");
    for (JsonNode excluded : list) {
      if (FIELD.equals(excluded.asText())) {
        return mappings;
      }
    }
    list.add(FIELD);
    return mappings;
  }

  /** The mapping update that adds the field to an index created without it. */
  public static ObjectNode mappingUpdate() {
    ObjectNode update = JsonNodeFactory.instance.objectNode();
    update.putObject("properties").putObject(FIELD).put("type", "long");
    return update;
  }
}
