package dev.unbundled.search.transforms;

import dev.unbundled.search.common.DocumentIdRules;
import dev.unbundled.search.common.FieldPaths;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.util.SimpleConfig;

/**
 * Builds the record key, a string, from fields of the value ({@link Value}) or of the key ({@link
 * Key}), so that a sink that takes document ids from keys gets the id a search index wants.
 */
public abstract class DocumentIdFromFields<R extends ConnectRecord<R>>
    implements Transformation<R> {

  public static final String OVERVIEW_DOC =
      "Sets the record key to a document id built from one or more fields of the value"
          + " (<code>"
          + DocumentIdFromFields.class.getName()
          + "$Value</code>) or of the key (<code>$Key</code>), in order, joined by a separator;"
          + " a separator or backslash inside a value is escaped with a backslash, so different"
          + " field values never give the same id. Ids longer than the search engine's 512-byte limit"
          + " can be replaced by a hash. A missing or null field is an error naming the field.";

  public static final String FIELDS_CONFIG = "fields";
  public static final String SEPARATOR_CONFIG = "separator";
  public static final String LONG_IDS_CONFIG = "long.id.handling";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              FIELDS_CONFIG,
              ConfigDef.Type.LIST,
              ConfigDef.NO_DEFAULT_VALUE,
              ConfigDef.LambdaValidator.with(
                  (name, value) -> {
                    if (value == null || ((List<?>) value).isEmpty()) {
                      throw new org.apache.kafka.common.config.ConfigException(
                          name, value, "At least one field is required.");
                    }
                  },
                  () -> "one or more field names"),
              ConfigDef.Importance.HIGH,
              "Fields whose values make the id, in order; dotted paths reach into nested structs"
                  + " and maps.")
          .define(
              SEPARATOR_CONFIG,
              ConfigDef.Type.STRING,
              "|",
              new ConfigDef.NonEmptyString(),
              ConfigDef.Importance.LOW,
              "Placed between the field values.")
          .define(
              LONG_IDS_CONFIG,
              ConfigDef.Type.STRING,
              "hash",
              ConfigDef.CaseInsensitiveValidString.in("hash", "fail"),
              ConfigDef.Importance.LOW,
              "For an id over 512 bytes: <code>hash</code> replaces it by the hex SHA-256 of the"
                  + " id (64 characters, still unique in practice), <code>fail</code> makes the"
                  + " record an error.");

  private List<String> fields;
  private String separator;
  private boolean hashLongIds;

  @Override
  public void configure(Map<String, ?> props) {
    SimpleConfig config = new SimpleConfig(CONFIG_DEF, props);
    fields = config.getList(FIELDS_CONFIG);
    separator = config.getString(SEPARATOR_CONFIG);
    hashLongIds = config.getString(LONG_IDS_CONFIG).equalsIgnoreCase("hash");
  }

  @Override
  public R apply(R record) {
    Object source = operatingValue(record);
    if (source == null) {
      if (operatingValueIsKey()) {
        throw new DataException("The record has no key to build a document id from");
      }
      // A tombstone keeps its key: it must delete the document the key already names.
      return record;
    }
    List<String> parts = new ArrayList<>(fields.size());
    for (String field : fields) {
      Object value = FieldPaths.get(source, field);
      if (value == null) {
        throw new DataException(
            "Field '"
                + field
                + "' is missing or null in the "
                + (operatingValueIsKey() ? "key" : "value")
                + " of a record of topic '"
                + record.topic()
                + "', so it has no document id");
      }
      parts.add(DocumentIdRules.text(value));
    }
    return record.newRecord(
        record.topic(),
        record.kafkaPartition(),
        Schema.STRING_SCHEMA,
        limited(DocumentIdRules.join(parts, separator)),
        record.valueSchema(),
        record.value(),
        record.timestamp(),
        record.headers());
  }

  private String limited(String id) {
    OptionalInt tooLong = DocumentIdRules.tooLong(id);
    if (tooLong.isEmpty()) {
      return id;
    }
    if (!hashLongIds) {
      throw new DataException(DocumentIdRules.tooLongMessage(tooLong.getAsInt()));
    }
    try {
      byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  protected abstract Object operatingValue(R record);

  protected abstract boolean operatingValueIsKey();

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {}

  @Override
  public String version() {
    return TransformsVersion.get();
  }

  /** Builds the key from fields of the value. */
  public static final class Value<R extends ConnectRecord<R>> extends DocumentIdFromFields<R> {
    @Override
    protected Object operatingValue(R record) {
      return record.value();
    }

    @Override
    protected boolean operatingValueIsKey() {
      return false;
    }
  }

  /** Builds the key from fields of the key (a struct or map key becomes a string id). */
  public static final class Key<R extends ConnectRecord<R>> extends DocumentIdFromFields<R> {
    @Override
    protected Object operatingValue(R record) {
      return record.key();
    }

    @Override
    protected boolean operatingValueIsKey() {
      return true;
    }
  }
}
