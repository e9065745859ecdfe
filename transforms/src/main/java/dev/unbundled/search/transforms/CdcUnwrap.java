package dev.unbundled.search.transforms;

import dev.unbundled.search.common.FieldPaths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.util.SchemaUtil;
import org.apache.kafka.connect.transforms.util.SimpleConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Debezium-style change event ({@code before}, {@code after}, {@code op}, {@code source},
 * {@code ts_ms}) into the row state a search index wants: creates, updates and snapshot reads
 * become the {@code after} row; deletes become a tombstone with the same key, so that the sink
 * deletes the document.
 */
public class CdcUnwrap<R extends ConnectRecord<R>> implements Transformation<R> {

  private static final Logger log = LoggerFactory.getLogger(CdcUnwrap.class);

  public static final String OVERVIEW_DOC =
      "Unwraps a Debezium-style change event into its row state: <code>c</code> (create),"
          + " <code>u</code> (update) and <code>r</code> (snapshot read) become the"
          + " <code>after</code> row; <code>d</code> (delete) becomes a tombstone with the same key,"
          + " so a sink deletes the document; <code>t</code> (truncate) and unknown operations are"
          + " dropped or passed on unchanged. Chosen metadata (operation, source timestamp, table,"
          + " log position) can be copied into prefixed fields or headers; a delete's tombstone has"
          + " no row, so it always carries its metadata as headers of the same names (with"
          + " <code>source.lsn</code>, the sink's <code>document.version=field:__source_lsn</code>"
          + " versions deletes too). Works with and without schemas. Records that are not change"
          + " events, and tombstones, pass through untouched.";

  public static final String OTHER_OPS_CONFIG = "other.ops.handling";
  public static final String METADATA_FIELDS_CONFIG = "metadata.fields";
  public static final String METADATA_PREFIX_CONFIG = "metadata.prefix";
  public static final String METADATA_TARGET_CONFIG = "metadata.target";
  public static final String NON_ENVELOPE_CONFIG = "non.envelope.handling";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              OTHER_OPS_CONFIG,
              ConfigDef.Type.STRING,
              "drop",
              ConfigDef.CaseInsensitiveValidString.in("drop", "pass"),
              ConfigDef.Importance.MEDIUM,
              "What to do with truncate (<code>t</code>) and unknown operations:"
                  + " <code>drop</code> the record, or <code>pass</code> it on unchanged (never as a"
                  + " tombstone), for a predicate or another transform to handle.")
          .define(
              METADATA_FIELDS_CONFIG,
              ConfigDef.Type.LIST,
              "",
              ConfigDef.Importance.MEDIUM,
              "Envelope fields to copy into the row, by path: <code>op</code>,"
                  + " <code>ts_ms</code>, or <code>source.&lt;field&gt;</code> such as"
                  + " <code>source.ts_ms</code>, <code>source.table</code>, <code>source.lsn</code>."
                  + " Each lands under the prefix, with dots replaced by underscores (for example"
                  + " <code>__source_table</code>). Missing ones are left out.")
          .define(
              METADATA_PREFIX_CONFIG,
              ConfigDef.Type.STRING,
              "__",
              ConfigDef.Importance.LOW,
              "Prefix of the names of copied metadata fields or headers.")
          .define(
              METADATA_TARGET_CONFIG,
              ConfigDef.Type.STRING,
              "field",
              ConfigDef.CaseInsensitiveValidString.in("field", "header"),
              ConfigDef.Importance.LOW,
              "Where copied metadata goes: <code>field</code>s of the row, or record"
                  + " <code>header</code>s (as strings). The tombstone of a delete carries it as"
                  + " headers either way.")
          .define(
              NON_ENVELOPE_CONFIG,
              ConfigDef.Type.STRING,
              "pass",
              ConfigDef.CaseInsensitiveValidString.in("pass", "fail"),
              ConfigDef.Importance.LOW,
              "What to do with a record whose value is not a change event: <code>pass</code> it"
                  + " on untouched (with a warning, counted in the log), or <code>fail</code>.");

  private boolean passOtherOps;
  private List<String> metadataFields;
  private String metadataPrefix;
  private boolean metadataInHeaders;
  private boolean failOnNonEnvelope;
  private Cache<Schema, Schema> schemaCache;
  private final AtomicLong nonEnvelopes = new AtomicLong();

  @Override
  public void configure(Map<String, ?> props) {
    SimpleConfig config = new SimpleConfig(CONFIG_DEF, props);
    passOtherOps = config.getString(OTHER_OPS_CONFIG).equalsIgnoreCase("pass");
    metadataFields = config.getList(METADATA_FIELDS_CONFIG);
    metadataPrefix = config.getString(METADATA_PREFIX_CONFIG);
    metadataInHeaders = config.getString(METADATA_TARGET_CONFIG).equalsIgnoreCase("header");
    failOnNonEnvelope = config.getString(NON_ENVELOPE_CONFIG).equalsIgnoreCase("fail");
    schemaCache = new SynchronizedCache<>(new LRUCache<>(16));
  }

  @Override
  public R apply(R record) {
    if (record.value() == null) {
      return record;
    }
    Envelope envelope = Envelope.of(record.valueSchema(), record.value());
    if (envelope == null) {
      return notAnEnvelope(record);
    }
    return switch (envelope.op()) {
      case "c", "u", "r" -> row(record, envelope);
      case "d" ->
          record.newRecord(
              record.topic(),
              record.kafkaPartition(),
              record.keySchema(),
              record.key(),
              null,
              null,
              record.timestamp(),
              withMetadataHeaders(record.headers(), envelope));
      default -> passOtherOps ? record : null;
    };
  }

  private R notAnEnvelope(R record) {
    if (failOnNonEnvelope) {
      throw new DataException(
          "Record of topic '" + record.topic() + "' is not a change event (no 'op' and 'after')");
    }
    long count = nonEnvelopes.incrementAndGet();
    if (count == 1 || count % 1_000 == 0) {
      log.warn(
          "{} record(s) that are not change events passed through untouched (latest from topic"
              + " '{}')",
          count,
          record.topic());
    }
    return record;
  }

  private R row(R record, Envelope envelope) {
    Object after = envelope.after();
    Schema afterSchema = envelope.afterSchema();
    Map<String, Object> metadata = metadata(envelope);
    if (!metadataInHeaders && !metadataFields.isEmpty() && after != null) {
      if (after instanceof Struct struct) {
        Schema schema = schemaCache.get(struct.schema());
        if (schema == null) {
          schema = withMetadataFields(struct.schema());
          schemaCache.put(struct.schema(), schema);
        }
        Struct row = new Struct(schema);
        for (Field field : struct.schema().fields()) {
          row.put(field.name(), struct.get(field));
        }
        metadata.forEach((name, value) -> row.put(name, value.toString()));
        after = row;
        afterSchema = schema;
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = new LinkedHashMap<>((Map<String, Object>) after);
        row.putAll(metadata);
        after = row;
      }
    }
    return record.newRecord(
        record.topic(),
        record.kafkaPartition(),
        record.keySchema(),
        record.key(),
        afterSchema,
        after,
        record.timestamp(),
        metadataInHeaders ? withMetadataHeaders(record.headers(), envelope) : record.headers());
  }

  /** The row's schema plus every configured metadata field, as optional strings. */
  private Schema withMetadataFields(Schema rowSchema) {
    SchemaBuilder builder = SchemaUtil.copySchemaBasics(rowSchema, SchemaBuilder.struct());
    for (Field field : rowSchema.fields()) {
      builder.field(field.name(), field.schema());
    }
    for (String path : metadataFields) {
      builder.field(metadataName(path), Schema.OPTIONAL_STRING_SCHEMA);
    }
    return builder.build();
  }

  private String metadataName(String path) {
    return metadataPrefix + path.replace('.', '_');
  }

  /** The configured metadata fields present in the envelope, by their target names. */
  private Map<String, Object> metadata(Envelope envelope) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (String path : metadataFields) {
      Object value = envelope.get(path);
      if (value != null) {
        metadata.put(metadataName(path), value);
      }
    }
    return metadata;
  }

  /** The headers plus the metadata; for a delete's tombstone whatever the target, it has no row. */
  private Headers withMetadataHeaders(Headers headers, Envelope envelope) {
    if (metadataFields.isEmpty()) {
      return headers;
    }
    Headers copy = headers.duplicate();
    metadata(envelope).forEach((name, value) -> copy.addString(name, value.toString()));
    return copy;
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {
    schemaCache = null;
  }

  @Override
  public String version() {
    return TransformsVersion.get();
  }

  /** A change event, with or without schema. */
  private record Envelope(String op, Object after, Schema afterSchema, Object value) {

    static Envelope of(Schema schema, Object value) {
      if (value instanceof Struct struct) {
        Schema envelopeSchema = struct.schema();
        if (envelopeSchema.field("op") == null || envelopeSchema.field("after") == null) {
          return null;
        }
        Object op = struct.get("op");
        return op == null
            ? null
            : new Envelope(
                op.toString().toLowerCase(Locale.ROOT),
                struct.get("after"),
                envelopeSchema.field("after").schema(),
                struct);
      }
      if (value instanceof Map<?, ?> map) {
        Object op = map.get("op");
        if (op == null || !map.containsKey("after")) {
          return null;
        }
        return new Envelope(op.toString().toLowerCase(Locale.ROOT), map.get("after"), null, map);
      }
      return null;
    }

    /** The value at a dotted path of the envelope, or null. */
    Object get(String path) {
      return FieldPaths.get(value, path);
    }
  }
}
