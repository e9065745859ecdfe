package dev.unbundled.search.connector.convert;

import dev.unbundled.search.common.FieldPaths;
import dev.unbundled.search.connector.config.RoutingField;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads the {@code _routing} of a record as {@code routing.field} says: the key, a field of the
 * key, or a field of the value, as text by the same rules as document ids (so a struct key routes
 * like the id it gives).
 */
final class RecordRouting {

  private final RoutingField field;

  RecordRouting(RoutingField field) {
    this.field = field;
  }

  /**
   * The record's routing.
   *
   * @throws DataException when the record has no such field, or it gives an empty routing
   */
  String of(SinkRecord record) {
    Object source = field.inKey() ? record.key() : record.value();
    Object value = field.path() == null ? source : FieldPaths.get(source, field.path());
    if (value == null) {
      throw new DataException(
          "The record has no routing: "
              + (field.inKey() ? "its key" : "its value")
              + (field.path() == null ? " is null" : " has no field '" + field.path() + "'")
              + (!field.inKey() && record.value() == null ? " (it is a tombstone)" : "")
              + " ("
              + RoutingField.KEY
              + "="
              + field
              + ")");
    }
    String routing = DocumentIds.textOf(value);
    if (routing.isEmpty()) {
      throw new DataException(
          "The record's routing from " + RoutingField.KEY + "=" + field + " is empty");
    }
    return routing;
  }
}
