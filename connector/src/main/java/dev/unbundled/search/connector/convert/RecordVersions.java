package dev.unbundled.search.connector.convert;

import dev.unbundled.search.common.FieldPaths;
import dev.unbundled.search.connector.config.DocumentVersion;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads the external version of a record as {@code document.version} says: its offset, a value
 * field, or a header. A version from the record must be a non-negative integer; anything else is
 * the record's failure, never a write without version.
 */
final class RecordVersions {

  private final DocumentVersion version;

  RecordVersions(DocumentVersion version) {
    this.version = version;
  }

  /**
   * The record's version, or null when writes carry none.
   *
   * @throws DataException when the record has no usable version
   */
  Long of(SinkRecord record) {
    return switch (version.source()) {
      case OFFSET -> record.kafkaOffset();
      case FIELD -> record.value() == null ? fromTombstone(record) : fromField(record);
      case HEADER -> fromHeader(record, version.name());
      case NONE, AUTO -> null;
    };
  }

  private long fromField(SinkRecord record) {
    Object value = FieldPaths.get(record.value(), version.name());
    if (value == null) {
      throw new DataException(
          "The record has no version: its value has no field '"
              + version.name()
              + "', or it is null ("
              + DocumentVersion.KEY
              + "="
              + version
              + ")");
    }
    return parse(value, "field '" + version.name() + "'");
  }

  /** A tombstone has no value: its version comes from the header named like the field. */
  private long fromTombstone(SinkRecord record) {
    Header header = record.headers().lastWithName(version.name());
    if (header == null || header.value() == null) {
      throw new DataException(
          "The record is a tombstone, so it has no field '"
              + version.name()
              + "' to take the version of its delete from, and no header '"
              + version.name()
              + "' either. With "
              + DocumentVersion.KEY
              + "="
              + version
              + " a delete takes its version from the header of the same name: CdcUnwrap adds it"
              + " to the tombstones it makes of deletes, Debezium's ExtractNewRecordState with"
              + " add.headers does too; or use "
              + DocumentVersion.KEY
              + "=header:<name> for every record");
    }
    return parse(header.value(), "header '" + version.name() + "'");
  }

  private static long fromHeader(SinkRecord record, String name) {
    Header header = record.headers().lastWithName(name);
    if (header == null || header.value() == null) {
      throw new DataException(
          "The record has no version: it has no header '"
              + name
              + "', or it is null ("
              + DocumentVersion.KEY
              + "=header:"
              + name
              + ")");
    }
    return parse(header.value(), "header '" + name + "'");
  }

  /**
   * A version from the record: a non-negative integer, as a number, a string of digits (or UTF-8
   * bytes of one, for headers read without a header converter), or a Connect {@code Timestamp}.
   */
  static long parse(Object value, String where) {
    long version;
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      version = ((Number) value).longValue();
    } else if (value instanceof BigInteger big) {
      version = exact(new BigDecimal(big), value, where);
    } else if (value instanceof BigDecimal decimal) {
      version = exact(decimal, value, where);
    } else if (value instanceof Date date) {
      version = date.getTime();
    } else if (value instanceof String text) {
      version = digits(text.trim(), value, where);
    } else if (value instanceof byte[] bytes) {
      version = digits(new String(bytes, StandardCharsets.UTF_8).trim(), value, where);
    } else if (value instanceof ByteBuffer buffer) {
      version =
          digits(StandardCharsets.UTF_8.decode(buffer.duplicate()).toString().trim(), value, where);
    } else if (value instanceof Float || value instanceof Double) {
      throw unusable(where, value, "a floating-point number, which cannot be an exact version");
    } else {
      throw unusable(where, value, "a " + value.getClass().getSimpleName() + ", not a number");
    }
    if (version < 0) {
      throw unusable(where, value, "negative");
    }
    return version;
  }

  private static long exact(BigDecimal number, Object value, String where) {
    try {
      return number.longValueExact();
    } catch (ArithmeticException e) {
      throw unusable(where, value, "not an integer that fits in 64 bits");
    }
  }

  private static long digits(String text, Object value, String where) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw unusable(where, value, "not a string of digits");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw unusable(where, value, "larger than a 64-bit integer");
    }
  }

  private static DataException unusable(String where, Object value, String why) {
    return new DataException(
        "The record's version from "
            + where
            + " is '"
            + shown(value)
            + "': "
            + why
            + "; a version must be a non-negative integer");
  }

  /** A value of a record as an error message shows it: as text, cut to 40 characters. */
  static String shown(Object value) {
    String shown =
        value instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : String.valueOf(value);
    return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
  }
}
