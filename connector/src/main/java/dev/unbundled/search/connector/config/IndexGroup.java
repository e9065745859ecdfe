package dev.unbundled.search.connector.config;

import dev.unbundled.search.common.FieldPaths;
import dev.unbundled.search.connector.index.BucketFormat;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Which concrete index each topic is written to, and what it is created with. */
public final class IndexGroup {

  public static final String INDEX_VERSION = "index.version";
  private static final String INDEX_VERSION_DOC =
      "Version of the index this connector builds, a positive integer. It is part of the concrete"
          + " index name (see <code>index.name.format</code>): to rebuild an index with a new"
          + " mapping, create a new connector with a higher version.";

  public static final String INDEX_NAME_FORMAT = "index.name.format";
  public static final String INDEX_NAME_FORMAT_DEFAULT = "${topic}-v${version}";
  private static final String INDEX_NAME_FORMAT_DOC =
      "Name of the concrete index each topic is written to. <code>${topic}</code> is replaced by"
          + " the record's topic and <code>${version}</code> by <code>index.version</code>. The"
          + " result is made a valid index name: lower case, characters the search engine"
          + " forbids (<code>\\ / * ? \" &lt; &gt; | , # :</code> and space) replaced by"
          + " <code>_</code>, leading <code>-_+</code> removed, cut to 255 bytes. For event"
          + " topics, <code>${time:PATTERN}</code> writes each record into a time bucket of its"
          + " own time (in UTC): <code>PATTERN</code> is a Java date-time pattern that names"
          + " hours, days, ISO weeks, months or years, such as"
          + " <code>${topic}-v${version}-${time:yyyy.MM.dd}</code>. The record's time is its"
          + " Kafka timestamp, or the field named by <code>index.time.field</code>; the read and"
          + " preview aliases then cover every bucket of the version (see"
          + " docs/event-topics.md).";

  public static final String INDEX_SHARED_TOPICS = "index.shared.topics";
  private static final String INDEX_SHARED_TOPICS_DOC =
      "Whether several topics may be written into one index on purpose. Topic names that differ"
          + " only in case or in leading <code>-_+</code> (<code>audit</code> and"
          + " <code>_audit</code>, <code>Orders</code> and <code>orders</code>) fold into one"
          + " index name, and a record of one topic would then overwrite the document of the"
          + " other with the same key. When false (default), the connector refuses that: in"
          + " validation for the topics of <code>topics</code>, and for topics that"
          + " <code>topics.regex</code> brings when the second topic's first record meets the"
          + " index, whose <code>_meta</code> records the first topic. When true, the topics"
          + " share the index (and its aliases), which needs versions from the records"
          + " (<code>document.version=field:&lt;path&gt;</code> or"
          + " <code>header:&lt;name&gt;</code>) or none: Kafka offsets of different topics are"
          + " not comparable, so with offset versions a newer write would be dropped as older."
          + " An <code>index.name.format</code> without <code>${topic}</code> declares the same.";

  public static final String INDEX_SETTINGS = "index.settings";
  private static final String INDEX_SETTINGS_DOC =
      "Settings of new indexes, as a JSON object, for example <code>{\"number_of_shards\": 3,"
          + " \"number_of_replicas\": 1}</code>. While an index is being built it runs with"
          + " <code>refresh_interval=-1</code> and no replicas; before it gets an alias, these values"
          + " (or the search engine's defaults) are restored.";

  public static final String INDEX_MAPPINGS = "index.mappings";
  private static final String INDEX_MAPPINGS_DOC =
      "Mappings of new indexes, as a JSON object (the body of <code>mappings</code>). When empty,"
          + " the mapping is derived from the records' schema (see <code>schema.ignore</code>) or"
          + " left to the search engine and your index templates.";

  public static final String INDEX_DELETES_RETENTION_MS = "index.deletes.retention.ms";
  public static final long INDEX_DELETES_RETENTION_MS_DEFAULT = 3_600_000L;
  private static final String INDEX_DELETES_RETENTION_MS_DOC =
      "How long the search engine remembers the version of a deleted document, set as"
          + " <code>index.gc_deletes</code> on every index the connector creates (a value of your"
          + " own for <code>index.gc_deletes</code> in <code>index.settings</code> wins). Within"
          + " that time a write older than the delete that arrives late (a replay, a re-snapshot,"
          + " a second topic) is turned down as a version conflict; after it, such a write brings"
          + " the deleted document back. The engine's own default is 60 seconds. Each delete it"
          + " remembers costs roughly 100-200 bytes of heap on each copy of the index until it"
          + " expires, so the default (1 hour) holds 36 million deletes in 3.6-7 GB per copy at"
          + " 10,000 deletes a second, and 36-72 MB at 100 a second: lower it for delete-heavy"
          + " topics on small heaps, raise it when older writes can arrive later than that. It"
          + " protects versioned writes only (<code>document.version</code> other than"
          + " <code>none</code>). An index the connector finds without an"
          + " <code>index.gc_deletes</code> of its own (created before this setting, or by hand"
          + " and adopted) gets it too; the setting is dynamic, so this needs no rebuild.";

  public static final String INDEX_TIME_FIELD = "index.time.field";
  private static final String INDEX_TIME_FIELD_DOC =
      "With <code>${time:...}</code> in <code>index.name.format</code>: the dotted path of the"
          + " value field whose time picks the record's bucket (epoch milliseconds, a Connect or"
          + " Debezium timestamp or date, or an ISO-8601 text; without an offset it is UTC)."
          + " Empty (default): the record's Kafka timestamp. A record without a usable time is"
          + " that record's failure (dead-letter queue under <code>errors.tolerance=all</code>),"
          + " never written to another bucket. Topics keyed by document (CDC, upserts) need a"
          + " field that never changes for a document, such as its creation time, so that every"
          + " change of a document lands in the same bucket.";

  public static final String INDEX_RETENTION_MS = "index.retention.ms";
  private static final String INDEX_RETENTION_MS_DOC =
      "With <code>${time:...}</code> in <code>index.name.format</code>: how long the connector"
          + " keeps a time bucket, in milliseconds. A bucket whose whole time range ended longer"
          + " ago is deleted (only buckets whose <code>_meta</code> names this connector and that"
          + " no alias of anyone else points at), and records older than that are dropped and"
          + " counted, not written, so a rebuild from offset zero builds only the buckets it"
          + " keeps. -1 (default): keep every bucket. The search engine's own life-cycle"
          + " management (ILM, ISM) through <code>index.settings</code> is the alternative.";

  private IndexGroup() {}

  private static void checkNameFormat(String format) {
    if (format.isBlank()) {
      throw new IllegalArgumentException("The index name format must not be empty.");
    }
    BucketFormat.in(format);
  }

  private static void checkTimeField(String path) {
    if (!path.isBlank() && !FieldPaths.isValid(path.trim())) {
      throw new IllegalArgumentException(
          "'" + path + "' is not a dotted field path (names separated by single dots).");
    }
  }

  static void define(ConfigDef def) {
    new ConfigGroup(def, "Index")
        .define(
            INDEX_VERSION,
            Type.INT,
            ConfigDef.NO_DEFAULT_VALUE,
            Validators.POSITIVE,
            Importance.HIGH,
            INDEX_VERSION_DOC,
            Width.SHORT,
            "Index version")
        .define(
            INDEX_NAME_FORMAT,
            Type.STRING,
            INDEX_NAME_FORMAT_DEFAULT,
            Validators.parsedBy(
                IndexGroup::checkNameFormat, "a name format, with ${topic} and ${version}"),
            Importance.MEDIUM,
            INDEX_NAME_FORMAT_DOC,
            Width.MEDIUM,
            "Index name format")
        .defineBoolean(
            INDEX_SHARED_TOPICS,
            false,
            Importance.LOW,
            INDEX_SHARED_TOPICS_DOC,
            Width.SHORT,
            "Topics share an index")
        .define(
            INDEX_SETTINGS,
            Type.STRING,
            "",
            Validators.JSON_OBJECT,
            Importance.MEDIUM,
            INDEX_SETTINGS_DOC,
            Width.LONG,
            "Index settings")
        .define(
            INDEX_MAPPINGS,
            Type.STRING,
            "",
            Validators.JSON_OBJECT,
            Importance.MEDIUM,
            INDEX_MAPPINGS_DOC,
            Width.LONG,
            "Index mappings")
        .define(
            INDEX_DELETES_RETENTION_MS,
            Type.LONG,
            INDEX_DELETES_RETENTION_MS_DEFAULT,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            INDEX_DELETES_RETENTION_MS_DOC,
            Width.SHORT,
            "Deletes retention (ms)")
        .define(
            INDEX_TIME_FIELD,
            Type.STRING,
            "",
            Validators.parsedBy(
                IndexGroup::checkTimeField, "a dotted field path, or empty for the timestamp"),
            Importance.MEDIUM,
            INDEX_TIME_FIELD_DOC,
            Width.MEDIUM,
            "Time field of buckets")
        .define(
            INDEX_RETENTION_MS,
            Type.LONG,
            -1L,
            Validators.timeoutOrNever(),
            Importance.MEDIUM,
            INDEX_RETENTION_MS_DOC,
            Width.SHORT,
            "Bucket retention (ms)");
  }
}
