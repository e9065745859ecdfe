package dev.unbundled.search.connector.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Derives an Elasticsearch mapping from a Connect value schema, so that a new index types its
 * fields from what the records declare instead of from what dynamic mapping guesses from the first
 * document (which maps every decimal as {@code float} and every Debezium timestamp as a number).
 *
 * <ul>
 *   <li>strings: {@code text} with a {@code keyword} sub-field (up to 256 characters); enums (Avro
 *       enums through an Avro converter, Debezium's {@code Enum} and {@code EnumSet}) and
 *       Debezium's {@code Uuid}: {@code keyword};
 *   <li>integers of every width: {@code long}; floats of either width: {@code double}. Not the
 *       declared width: sources widen columns mid-stream (Postgres' {@code ALTER COLUMN ... TYPE
 *       bigint}), and Elasticsearch cannot change a field's type in place, so an {@code integer}
 *       field would turn away the first value over 2<sup>31</sup>. The cost is a few bytes more per
 *       value in the points index; doc values are compressed by the values' range either way;
 *       booleans: {@code boolean}; bytes: {@code binary};
 *   <li>decimals: {@code double} (the source keeps the exact value; {@code scaled_float} needs the
 *       mapper-extras module, which not every distribution has: set it in explicit mappings);
 *   <li>dates and timestamps (Connect's and Debezium's): {@code date}; times of day: {@code
 *       keyword};
 *   <li>structs: objects with their fields; maps: objects left to dynamic mapping; arrays: the
 *       mapping of their elements.
 * </ul>
 */
public final class SchemaMapping {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The schema parameters by which Avro converters (Confluent's, and Apicurio's, which shares its
   * Avro-Connect translation) mark a string that was an Avro enum; the second with {@code
   * generalized.sum.type.support}.
   */
  private static final List<String> AVRO_ENUM_PARAMETERS =
      List.of("io.confluent.connect.avro.Enum", "org.apache.kafka.connect.data.Enum");

  private SchemaMapping() {}

  /** The mapping for records with this value schema, when it is a struct. */
  public static Optional<ObjectNode> of(Schema valueSchema) {
    if (valueSchema == null || valueSchema.type() != Schema.Type.STRUCT) {
      return Optional.empty();
    }
    return Optional.of(objectMapping(valueSchema));
  }

  private static ObjectNode objectMapping(Schema struct) {
    ObjectNode properties = JSON.createObjectNode();
    for (Field field : struct.fields()) {
      ObjectNode mapping = fieldMapping(field.schema());
      if (mapping != null) {
        properties.set(field.name(), mapping);
      }
    }
    ObjectNode object = JSON.createObjectNode();
    object.set("properties", properties);
    return object;
  }

  /** The mapping of one field, or null to leave it to dynamic mapping. */
  private static ObjectNode fieldMapping(Schema schema) {
    String name = schema.name();
    if (name != null) {
      ObjectNode logical = logicalMapping(name);
      if (logical != null) {
        return logical;
      }
    }
    return switch (schema.type()) {
      case STRING -> isEnum(schema) ? type("keyword") : textWithKeyword();
      // The widest types: a source that widens a column mid-stream (int to bigint, real to double
      // precision) needs no type the index cannot change into.
      case INT8, INT16, INT32, INT64 -> type("long");
      case FLOAT32, FLOAT64 -> type("double");
      case BOOLEAN -> type("boolean");
      case BYTES -> type("binary");
      case STRUCT -> objectMapping(schema);
      case ARRAY -> fieldMapping(schema.valueSchema());
      case MAP -> null;
    };
  }

  private static ObjectNode textWithKeyword() {
    ObjectNode keyword = type("keyword").put("ignore_above", 256);
    ObjectNode text = type("text");
    text.putObject("fields").set("keyword", keyword);
    return text;
  }

  private static boolean isEnum(Schema schema) {
    Map<String, String> parameters = schema.parameters();
    return parameters != null && AVRO_ENUM_PARAMETERS.stream().anyMatch(parameters::containsKey);
  }

  private static ObjectNode logicalMapping(String name) {
    if (name.equals(Decimal.LOGICAL_NAME) || name.equals(DebeziumTypes.VARIABLE_SCALE_DECIMAL)) {
      return type("double");
    }
    if (name.equals(Date.LOGICAL_NAME)
        || name.equals(Timestamp.LOGICAL_NAME)
        || DebeziumTypes.DATES.contains(name)) {
      return type("date");
    }
    if (name.equals(Time.LOGICAL_NAME) || DebeziumTypes.TIMES.contains(name)) {
      return type("keyword");
    }
    if (name.equals(DebeziumTypes.JSON)) {
      return type("object");
    }
    if (DebeziumTypes.KEYWORDS.contains(name)) {
      return type("keyword");
    }
    return null;
  }

  private static ObjectNode type(String type) {
    return JSON.createObjectNode().put("type", type);
  }
}
