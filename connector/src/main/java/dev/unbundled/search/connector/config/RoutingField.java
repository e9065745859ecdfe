package dev.unbundled.search.connector.config;

import dev.unbundled.search.common.FieldPaths;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Where each write's {@code _routing} comes from: the {@code routing.field} setting.
 *
 * @param inKey whether the value is read from the record key (else from the record value)
 * @param path the dotted path inside the key or value; null for the whole key
 */
public record RoutingField(boolean inKey, String path) {

  public static final String KEY = "routing.field";

  static final String DOC =
      "Sets <code>_routing</code> on every index, upsert and delete request, so that the"
          + " documents of one routing value (say, one tenant) share a shard and a search with"
          + " <code>?routing=</code> asks only that shard. <code>key</code>: the whole record key"
          + " (in the document id's form); <code>key.&lt;path&gt;</code>: a field of the key, by"
          + " dotted path (such as <code>key.tenant</code>); <code>value.&lt;path&gt;</code>: a"
          + " field of the value. A record without the field is that record's failure (dead-letter"
          + " queue or task failure). Route by the key where you can: a tombstone has no value, so"
          + " routing from the value cannot reach a document to delete, and is refused with"
          + " <code>behavior.on.null.values=delete</code>; and a document whose routing value"
          + " changes is written a second time on another shard while the old copy stays. Works"
          + " with <code>index.routing_partition_size</code> and <code>_routing.required</code>"
          + " in <code>index.settings</code> and <code>index.mappings</code>. Empty (default): no"
          + " routing.";

  static final ConfigDef.Validator VALIDATOR =
      Validators.parsedBy(RoutingField::parse, "empty, key, key.PATH or value.PATH");

  /**
   * Parses {@code key}, {@code key.<path>} or {@code value.<path>}; empty for a blank value.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Optional<RoutingField> parse(String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    if (trimmed.equals("key")) {
      return Optional.of(new RoutingField(true, null));
    }
    boolean inKey = trimmed.startsWith("key.");
    if (!inKey && !trimmed.startsWith("value.")) {
      throw new IllegalArgumentException(
          "Expected key, key.<path> or value.<path>, such as key.tenant.");
    }
    String path = trimmed.substring(inKey ? "key.".length() : "value.".length());
    if (!FieldPaths.isValid(path)) {
      throw new IllegalArgumentException(
          "Expected a dotted path after '" + (inKey ? "key." : "value.") + "'.");
    }
    return Optional.of(new RoutingField(inKey, path));
  }

  @Override
  public String toString() {
    String side = inKey ? "key" : "value";
    return path == null ? side : side + "." + path;
  }
}
