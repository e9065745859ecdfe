package dev.unbundled.search.transforms;

import dev.unbundled.search.common.FieldPaths;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.util.SimpleConfig;

/**
 * Sets a record's topic from a template over a value field or a header, for example one index per
 * tenant. A sink that commits offsets by original topic (as the Unbundled Search Sink does) is not
 * confused by the new name.
 */
public class RouteByField<R extends ConnectRecord<R>> implements Transformation<R> {

  public static final String OVERVIEW_DOC =
      "Sets the record's topic from <code>topic.format</code>, where <code>${topic}</code> is the"
          + " current topic and <code>${field}</code> the value of a value field"
          + " (<code>field</code>) or header (<code>header</code>), for example one index per"
          + " tenant. The value is lower-cased and every character the search engine forbids in index"
          + " names (<code>\\ / * ? \" &lt; &gt; | , # :</code>, space) is replaced by"
          + " <code>_</code>. Tombstones are routed by header only; without one they keep their"
          + " topic.";

  public static final String TOPIC_FORMAT_CONFIG = "topic.format";
  public static final String FIELD_CONFIG = "field";
  public static final String HEADER_CONFIG = "header";
  public static final String MISSING_CONFIG = "missing.handling";

  private static final Pattern FORBIDDEN = Pattern.compile("[\\\\/*?\"<>|,#:\\s]");

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              TOPIC_FORMAT_CONFIG,
              ConfigDef.Type.STRING,
              "${topic}-${field}",
              ConfigDef.LambdaValidator.with(
                  (name, value) -> {
                    if (value == null || !value.toString().contains("${field}")) {
                      throw new ConfigException(name, value, "The format must contain ${field}.");
                    }
                  },
                  () -> "a template containing ${field}"),
              ConfigDef.Importance.HIGH,
              "The new topic; <code>${topic}</code> and <code>${field}</code> are replaced.")
          .define(
              FIELD_CONFIG,
              ConfigDef.Type.STRING,
              "",
              ConfigDef.Importance.HIGH,
              "Value field to route by (a dotted path reaches into nested structs and maps).")
          .define(
              HEADER_CONFIG,
              ConfigDef.Type.STRING,
              "",
              ConfigDef.Importance.HIGH,
              "Header to route by, instead of a value field.")
          .define(
              MISSING_CONFIG,
              ConfigDef.Type.STRING,
              "fail",
              ConfigDef.CaseInsensitiveValidString.in("fail", "keep"),
              ConfigDef.Importance.MEDIUM,
              "When the field or header is missing or null: <code>fail</code> (the record is bad"
                  + " input) or <code>keep</code> its topic.");

  private String format;
  private String field;
  private String header;
  private boolean keepWhenMissing;

  @Override
  public void configure(Map<String, ?> props) {
    SimpleConfig config = new SimpleConfig(CONFIG_DEF, props);
    format = config.getString(TOPIC_FORMAT_CONFIG);
    field = config.getString(FIELD_CONFIG).trim();
    header = config.getString(HEADER_CONFIG).trim();
    if (field.isEmpty() == header.isEmpty()) {
      throw new ConfigException(
          FIELD_CONFIG,
          field,
          "Set exactly one of '" + FIELD_CONFIG + "' and '" + HEADER_CONFIG + "'.");
    }
    keepWhenMissing = config.getString(MISSING_CONFIG).equalsIgnoreCase("keep");
  }

  @Override
  public R apply(R record) {
    Object routing = routingValue(record);
    if (routing == null) {
      if (keepWhenMissing || record.value() == null) {
        return record;
      }
      throw new DataException(
          "Record of topic '"
              + record.topic()
              + "' has no "
              + (header.isEmpty() ? "field '" + field + "'" : "header '" + header + "'")
              + " to route by");
    }
    String cleaned = FORBIDDEN.matcher(routing.toString().toLowerCase(Locale.ROOT)).replaceAll("_");
    String topic = format.replace("${topic}", record.topic()).replace("${field}", cleaned);
    return record.newRecord(
        topic,
        record.kafkaPartition(),
        record.keySchema(),
        record.key(),
        record.valueSchema(),
        record.value(),
        record.timestamp(),
        record.headers());
  }

  private Object routingValue(R record) {
    if (!header.isEmpty()) {
      Header last = record.headers().lastWithName(header);
      return last == null ? null : last.value();
    }
    return record.value() == null ? null : FieldPaths.get(record.value(), field);
  }

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
}
