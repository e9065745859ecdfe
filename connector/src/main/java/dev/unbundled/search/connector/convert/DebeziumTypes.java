package dev.unbundled.search.connector.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Debezium's semantic types, which carry dates, times, decimals and JSON in plain Connect types and
 * say what they mean in the schema name. Without this, a {@code MicroTimestamp} would land in
 * Elasticsearch as a 16-digit number instead of a date.
 */
final class DebeziumTypes {

  static final String PREFIX = "io.debezium.";

  static final String DATE = "io.debezium.time.Date";
  static final String TIME = "io.debezium.time.Time";
  static final String MICRO_TIME = "io.debezium.time.MicroTime";
  static final String NANO_TIME = "io.debezium.time.NanoTime";
  static final String TIMESTAMP = "io.debezium.time.Timestamp";
  static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
  static final String NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
  static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
  static final String ZONED_TIME = "io.debezium.time.ZonedTime";
  static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
  static final String JSON = "io.debezium.data.Json";
  static final String ENUM = "io.debezium.data.Enum";
  static final String ENUM_SET = "io.debezium.data.EnumSet";
  static final String UUID = "io.debezium.data.Uuid";

  /** The types Elasticsearch should map as {@code date}. */
  static final Set<String> DATES =
      Set.of(DATE, TIMESTAMP, MICRO_TIMESTAMP, NANO_TIMESTAMP, ZONED_TIMESTAMP);

  /** The types that hold a time of day, mapped as {@code keyword}. */
  static final Set<String> TIMES = Set.of(TIME, MICRO_TIME, NANO_TIME, ZONED_TIME);

  /**
   * Strings that are values from a fixed set or identifiers, not prose: mapped as {@code keyword}
   * only, so that a term query or an aggregation on them works without a {@code .keyword} suffix.
   */
  static final Set<String> KEYWORDS = Set.of(ENUM, ENUM_SET, UUID);

  private DebeziumTypes() {}

  /** Writes a value of a known Debezium type; false when the type is not one of them. */
  static boolean write(JsonGenerator g, String name, Object value) throws IOException {
    switch (name) {
      case DATE -> g.writeString(LocalDate.ofEpochDay(((Number) value).longValue()).toString());
      case TIME -> g.writeString(timeOfDay(((Number) value).longValue() * 1_000_000L));
      case MICRO_TIME -> g.writeString(timeOfDay(((Number) value).longValue() * 1_000L));
      case NANO_TIME -> g.writeString(timeOfDay(((Number) value).longValue()));
      case TIMESTAMP ->
          g.writeString(Instant.ofEpochMilli(((Number) value).longValue()).toString());
      case MICRO_TIMESTAMP -> g.writeString(epoch(((Number) value).longValue(), 1_000_000L));
      case NANO_TIMESTAMP -> g.writeString(epoch(((Number) value).longValue(), 1_000_000_000L));
      case ZONED_TIMESTAMP, ZONED_TIME -> g.writeString(value.toString());
      case VARIABLE_SCALE_DECIMAL -> g.writeNumber(variableScaleDecimal((Struct) value));
      case JSON -> writeJson(g, value.toString());
      default -> {
        return false;
      }
    }
    return true;
  }

  private static String timeOfDay(long nanos) {
    return LocalTime.ofNanoOfDay(nanos).toString();
  }

  private static String epoch(long value, long unitsPerSecond) {
    long seconds = Math.floorDiv(value, unitsPerSecond);
    long fraction = Math.floorMod(value, unitsPerSecond);
    long nanos = fraction * (1_000_000_000L / unitsPerSecond);
    return Instant.ofEpochSecond(seconds, nanos).toString();
  }

  private static BigDecimal variableScaleDecimal(Struct struct) {
    int scale = struct.getInt32("scale");
    Object bytes = struct.get("value");
    byte[] unscaled = bytes instanceof ByteBuffer buffer ? toArray(buffer) : (byte[]) bytes;
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  /** Embeds a JSON column as structured JSON rather than as an escaped string. */
  private static void writeJson(JsonGenerator g, String json) throws IOException {
    try (JsonParser parser = JsonSources.parser(json)) {
      if (parser.nextToken() == null) {
        throw new DataException("Empty value for a column of type " + JSON);
      }
      g.copyCurrentStructure(parser);
    }
  }
}
