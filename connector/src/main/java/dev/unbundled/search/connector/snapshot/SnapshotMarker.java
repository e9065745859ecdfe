package dev.unbundled.search.connector.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where a record stands in a source snapshot, as Debezium marks it in {@code source.snapshot}:
 * {@code first} or {@code first_in_data_collection} open a table's snapshot, {@code last} or {@code
 * last_in_data_collection} close it, {@code true} is a row in between. Streaming changes ({@code
 * false}, or no marker) and incremental snapshots ({@code incremental}, which re-read rows next to
 * the stream and never prove a row gone) are no snapshot here.
 *
 * <p>The marker is read, in this order, from a header or a top-level value field of one of the
 * configured names (what Debezium's {@code ExtractNewRecordState} makes with {@code
 * add.headers}/{@code add.fields=source.snapshot}, or this project's {@code CdcUnwrap} with {@code
 * metadata.fields=source.snapshot}), or from {@code source.snapshot} of an envelope that was not
 * unwrapped.
 */
public enum SnapshotMarker {
  /** Not a snapshot record. */
  NONE,
  /** The first record of a table's snapshot. */
  BEGIN,
  /** A record inside a table's snapshot. */
  INSIDE,
  /** The last record of a table's snapshot. */
  END;

  /** The marker of {@code record}, looked for under {@code names}. */
  public static SnapshotMarker of(SinkRecord record, List<String> names) {
    for (String name : names) {
      Header header = record.headers().lastWithName(name);
      if (header != null && header.value() != null) {
        return parse(text(header.value()));
      }
    }
    Object value = record.value();
    for (String name : names) {
      Optional<Object> field = field(value, name);
      if (field.isPresent()) {
        return parse(text(field.get()));
      }
    }
    Optional<Object> source = field(value, "source");
    if (source.isPresent() && field(value, "op").isPresent()) {
      return field(source.get(), "snapshot").map(v -> parse(text(v))).orElse(NONE);
    }
    return NONE;
  }

  /** The meaning of one value of Debezium's {@code source.snapshot}. */
  public static SnapshotMarker parse(String marker) {
    if (marker == null) {
      return NONE;
    }
    return switch (marker.trim().toLowerCase(Locale.ROOT)) {
      case "first", "first_in_data_collection" -> BEGIN;
      case "last", "last_in_data_collection" -> END;
      case "true" -> INSIDE;
      default -> NONE;
    };
  }

  private static Optional<Object> field(Object container, String name) {
    if (container instanceof Struct struct) {
      Field field = struct.schema().field(name);
      return field == null ? Optional.empty() : Optional.ofNullable(struct.get(field));
    }
    if (container instanceof Map<?, ?> map) {
      return Optional.ofNullable(map.get(name));
    }
    return Optional.empty();
  }

  private static String text(Object value) {
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return value.toString();
  }
}
