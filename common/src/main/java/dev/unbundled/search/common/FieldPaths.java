package dev.unbundled.search.common;

import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/** Reads a field by a dotted path (such as {@code customer.id}) through structs and maps. */
public final class FieldPaths {

  private FieldPaths() {}

  /**
   * Whether {@code path} is a dotted path: one or more names separated by single dots, with no
   * empty name (no leading, trailing or doubled dot). The settings that take a path ({@code
   * document.version=field:PATH}, {@code routing.field=key.PATH}) check it with this rule.
   */
  public static boolean isValid(String path) {
    return path != null
        && !path.isEmpty()
        && !path.startsWith(".")
        && !path.endsWith(".")
        && !path.contains("..");
  }

  /** The value at {@code path} in {@code value}, or null when any step is missing or null. */
  public static Object get(Object value, String path) {
    Object current = value;
    for (String name : path.split("\\.")) {
      if (current instanceof Struct struct) {
        Field field = struct.schema().field(name);
        current = field == null ? null : struct.get(field);
      } else if (current instanceof Map<?, ?> map) {
        current = map.get(name);
      } else {
        return null;
      }
    }
    return current;
  }
}
