package dev.unbundled.search.connector.convert;

import dev.unbundled.search.common.FieldPaths;
import dev.unbundled.search.connector.config.IndexGroup;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The time of a record that picks its time bucket: the record's Kafka timestamp, or with {@code
 * index.time.field} a field of its value. A field may hold epoch milliseconds, a Connect {@code
 * Timestamp} or {@code Date}, Debezium's {@code Date}, {@code Timestamp}, {@code MicroTimestamp},
 * {@code NanoTimestamp} or {@code ZonedTimestamp}, or an ISO-8601 text (an instant, a date-time
 * with or without offset, or a date; without an offset it is UTC). A record without a usable time
 * is that record's failure: it never goes to a bucket it does not belong to.
 */
final class RecordTimes {

  static final String KEY = IndexGroup.INDEX_TIME_FIELD;

  private final String field;

  /**
   * @param field the path of the value field, or null for the Kafka timestamp
   */
  RecordTimes(String field) {
    this.field = field;
  }

  /**
   * The record's time.
   *
   * @throws DataException when it has none, or one that is no time
   */
  Instant of(SinkRecord record) {
    if (field == null) {
      Long timestamp = record.timestamp();
      if (timestamp == null || timestamp < 0) {
        throw new DataException(
            "The record has no timestamp, so it has no time bucket (the index name format has"
                + " ${time:...}; set "
                + KEY
                + " to take the time from a field of the value)");
      }
      return Instant.ofEpochMilli(timestamp);
    }
    if (record.value() == null) {
      throw new DataException(
          "The record is a tombstone: it has no field '"
              + field
              + "' to take its time bucket from ("
              + KEY
              + ")");
    }
    Object value = FieldPaths.get(record.value(), field);
    if (value == null) {
      throw new DataException(
          "The record has no time: its value has no field '"
              + field
              + "', or it is null ("
              + KEY
              + ")");
    }
    return parse(value, schemaName(record.value(), field));
  }

  /** The schema name of the field at {@code path} in a struct, or null. */
  private static String schemaName(Object value, String path) {
    if (!(value instanceof Struct struct)) {
      return null;
    }
    Schema schema = struct.schema();
    for (String name : path.split("\\.")) {
      if (schema == null || schema.type() != Schema.Type.STRUCT) {
        return null;
      }
      Field field = schema.field(name);
      schema = field == null ? null : field.schema();
    }
    return schema == null ? null : schema.name();
  }

  private Instant parse(Object value, String schemaName) {
    try {
      if (value instanceof Date date) {
        return date.toInstant();
      }
      if (value instanceof Long || value instanceof Integer) {
        long number = ((Number) value).longValue();
        return switch (schemaName == null ? "" : schemaName) {
          case DebeziumTypes.DATE ->
              LocalDate.ofEpochDay(number).atStartOfDay(ZoneOffset.UTC).toInstant();
          case DebeziumTypes.MICRO_TIMESTAMP ->
              Instant.EPOCH
                  .plusSeconds(Math.floorDiv(number, 1_000_000L))
                  .plusNanos(Math.floorMod(number, 1_000_000L) * 1_000L);
          case DebeziumTypes.NANO_TIMESTAMP ->
              Instant.EPOCH
                  .plusSeconds(Math.floorDiv(number, 1_000_000_000L))
                  .plusNanos(Math.floorMod(number, 1_000_000_000L));
          default -> Instant.ofEpochMilli(number);
        };
      }
      if (value instanceof String text) {
        return parseText(text.trim());
      }
    } catch (DateTimeException | ArithmeticException e) {
      throw unusable(value, e.getMessage());
    }
    throw unusable(value, "a " + value.getClass().getSimpleName() + ", not a time");
  }

  private Instant parseText(String text) {
    if (text.length() <= 10 && text.indexOf('T') < 0) {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException withoutOffset) {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }
  }

  private DataException unusable(Object value, String why) {
    return new DataException(
        "The record's time from field '"
            + field
            + "' ("
            + KEY
            + ") is '"
            + RecordVersions.shown(value)
            + "': "
            + why
            + "; a time is epoch milliseconds, a Connect or Debezium timestamp or date, or an"
            + " ISO-8601 text");
  }
}
