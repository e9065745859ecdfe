package dev.unbundled.search.connector.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Writes Connect data (what a converter produced: Struct, Map, List, primitives, bytes and the
 * logical types) as JSON, straight into a generator, without building an intermediate tree.
 *
 * <p>Dates and times become ISO-8601 strings, which Elasticsearch maps as dates; decimals become
 * exact JSON numbers; bytes become base64 strings, as Elasticsearch's {@code binary} type expects.
 */
public final class ConnectJsonWriter {

  private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ISO_LOCAL_DATE;
  private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private ConnectJsonWriter() {}

  /** Writes {@code value}, described by {@code schema} when there is one. */
  public static void write(JsonGenerator g, Schema schema, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    if (schema != null && schema.name() != null && writeLogical(g, schema.name(), value)) {
      return;
    }
    if (value instanceof Struct struct) {
      writeStruct(g, struct);
    } else if (value instanceof Map<?, ?> map) {
      writeMap(g, schema, map);
    } else if (value instanceof Collection<?> list) {
      Schema elementSchema = schema == null ? null : schema.valueSchema();
      g.writeStartArray();
      for (Object element : list) {
        write(g, elementSchema, element);
      }
      g.writeEndArray();
    } else if (value instanceof String string) {
      g.writeString(string);
    } else if (value instanceof Boolean bool) {
      g.writeBoolean(bool);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      g.writeNumber(((Number) value).intValue());
    } else if (value instanceof Long longValue) {
      g.writeNumber(longValue);
    } else if (value instanceof Float floatValue) {
      g.writeNumber(floatValue);
    } else if (value instanceof Double doubleValue) {
      g.writeNumber(doubleValue);
    } else if (value instanceof BigDecimal decimal) {
      g.writeNumber(decimal);
    } else if (value instanceof byte[] bytes) {
      g.writeBinary(bytes);
    } else if (value instanceof ByteBuffer buffer) {
      writeBytes(g, buffer);
    } else if (value instanceof java.util.Date date) {
      g.writeString(date.toInstant().toString());
    } else {
      throw new DataException(
          "Cannot write a value of type " + value.getClass().getName() + " as JSON");
    }
  }

  private static boolean writeLogical(JsonGenerator g, String name, Object value)
      throws IOException {
    if (name.startsWith(DebeziumTypes.PREFIX)) {
      return DebeziumTypes.write(g, name, value);
    }
    switch (name) {
      case Decimal.LOGICAL_NAME -> g.writeNumber((BigDecimal) value);
      case Date.LOGICAL_NAME ->
          g.writeString(
              ISO_DATE.format(((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC)));
      case Time.LOGICAL_NAME ->
          g.writeString(
              ISO_TIME.format(
                  LocalTime.ofNanoOfDay(((java.util.Date) value).getTime() * 1_000_000L)));
      case Timestamp.LOGICAL_NAME ->
          g.writeString(Instant.ofEpochMilli(((java.util.Date) value).getTime()).toString());
      default -> {
        return false;
      }
    }
    return true;
  }

  private static void writeStruct(JsonGenerator g, Struct struct) throws IOException {
    g.writeStartObject();
    for (Field field : struct.schema().fields()) {
      g.writeFieldName(field.name());
      write(g, field.schema(), struct.get(field));
    }
    g.writeEndObject();
  }

  private static void writeMap(JsonGenerator g, Schema schema, Map<?, ?> map) throws IOException {
    Schema valueSchema = schema == null ? null : schema.valueSchema();
    g.writeStartObject();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      // Documents need string field names; other key types are written in their string form.
      g.writeFieldName(String.valueOf(entry.getKey()));
      write(g, valueSchema, entry.getValue());
    }
    g.writeEndObject();
  }

  private static void writeBytes(JsonGenerator g, ByteBuffer buffer) throws IOException {
    if (buffer.hasArray()) {
      g.writeBinary(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    } else {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      g.writeBinary(bytes);
    }
  }
}
