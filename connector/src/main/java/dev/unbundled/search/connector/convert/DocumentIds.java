package dev.unbundled.search.connector.convert;

import dev.unbundled.search.common.DocumentIdRules;
import dev.unbundled.search.common.FieldPaths;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Derives a document id from a record key, deterministically, so that every write of the same key
 * lands on the same document.
 *
 * <ul>
 *   <li>strings as they are; numbers and booleans in their decimal or literal form;
 *   <li>bytes in base64;
 *   <li>a Struct or Map with one field (such as Debezium's {@code {"id": 42}}): that field's id;
 *   <li>a Struct or Map with several fields: their ids in field order, joined by {@code |}, with
 *       {@code \} and {@code |} inside a value escaped by a backslash, so different keys never
 *       share an id.
 * </ul>
 *
 * An id longer than Elasticsearch's limit of 512 bytes is an error for the record, never cut. The
 * escaping and the limit are {@link DocumentIdRules}', shared with the {@code DocumentIdFromFields}
 * transform.
 */
public final class DocumentIds {

  private DocumentIds() {}

  public static String fromKey(Object key) {
    return checked(idOf(key));
  }

  /** Confluent's form for records without meaningful keys: {@code topic+partition+offset}. */
  public static String fromCoordinates(String topic, int partition, long offset) {
    return checked(topic + "+" + partition + "+" + offset);
  }

  /**
   * The id held by a field of the value, found by a dotted path through structs and maps.
   *
   * @throws DataException when the value has no such field, or it is null
   */
  public static String fromValueField(Object value, String path) {
    Object field = FieldPaths.get(value, path);
    if (field == null) {
      throw new DataException("The value has no field '" + path + "' to take the document id from");
    }
    return checked(idOf(field));
  }

  /**
   * The text a key, or a value inside a record, gives by the same rules as ids, without the id's
   * length limit: for routing values.
   *
   * @throws DataException when the value is null or has no such text
   */
  public static String textOf(Object value) {
    return idOf(value);
  }

  private static String checked(String id) {
    OptionalInt tooLong = DocumentIdRules.tooLong(id);
    if (tooLong.isPresent()) {
      throw new DataException(DocumentIdRules.tooLongMessage(tooLong.getAsInt()));
    }
    if (id.isEmpty()) {
      throw new DataException("The record gives an empty document id");
    }
    return id;
  }

  private static String idOf(Object key) {
    if (key == null) {
      throw new DataException(
          "The record has no key, so it has no document id; key-less topics need ids from"
              + " the record coordinates");
    }
    if (key instanceof String
        || key instanceof Number
        || key instanceof Boolean
        || key instanceof byte[]
        || key instanceof ByteBuffer) {
      return DocumentIdRules.text(key);
    }
    if (key instanceof Struct struct) {
      List<Object> values = new ArrayList<>();
      for (Field field : struct.schema().fields()) {
        values.add(struct.get(field));
      }
      return join(values);
    }
    if (key instanceof Map<?, ?> map) {
      return join(new ArrayList<>(map.values()));
    }
    throw new DataException(
        "Cannot derive a document id from a key of type " + key.getClass().getName());
  }

  private static String join(List<Object> values) {
    if (values.isEmpty()) {
      throw new DataException("The record key has no fields to derive a document id from");
    }
    if (values.size() == 1) {
      return idOf(values.get(0));
    }
    return DocumentIdRules.join(values.stream().map(DocumentIds::idOf).toList(), "|");
  }
}
