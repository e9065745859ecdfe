package dev.unbundled.search.connector.config;

import dev.unbundled.search.common.FieldPaths;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Where the external version of each write comes from: the {@code document.version} setting.
 *
 * @param source the kind of version
 * @param name the value field's dotted path ({@link Source#FIELD}) or the header's name ({@link
 *     Source#HEADER}); null for the other kinds
 */
public record DocumentVersion(Source source, String name) {

  /** The kinds of version. */
  public enum Source {
    /** {@link #OFFSET} with {@code write.method=index}, {@link #NONE} with upserts. */
    AUTO,
    /** The record's Kafka offset. */
    OFFSET,
    /** No external version: Elasticsearch versions documents itself. */
    NONE,
    /** A value field, such as a source database's log position. */
    FIELD,
    /** A record header. */
    HEADER
  }

  public static final String KEY = "document.version";

  private static final String FIELD_PREFIX = "field:";
  private static final String HEADER_PREFIX = "header:";

  static final String DOC =
      "Version carried by each write, so that an older write never overwrites a newer one (a"
          + " write the search engine rejects as older counts as success)."
          + " <code>offset</code>: the record's Kafka offset. Offsets of different partitions are"
          + " not comparable, so all records of one document must come from one partition (a"
          + " topic keyed by the document's id), and they restart when a topic is re-created: the"
          + " connector detects that and fails rather than lose writes."
          + " <code>field:&lt;path&gt;</code>: a number from the record value, by dotted path"
          + " (such as <code>field:__source_lsn</code>, a Postgres LSN copied by"
          + " <code>CdcUnwrap</code>); a tombstone has no value, so a delete takes its version"
          + " from the header of the same name (which <code>CdcUnwrap</code> adds to deletes, and"
          + " Debezium's <code>add.headers</code> to every record), and fails without one."
          + " <code>header:&lt;name&gt;</code>: a number from the record header of that name (such"
          + " as <code>header:__lsn</code> from Debezium's <code>add.headers=lsn</code>). A version"
          + " from the record must be a non-negative integer: an int or long, a numeric string, a"
          + " decimal without fraction, or a Connect <code>Timestamp</code> (epoch milliseconds);"
          + " Debezium's timestamp types are numbers in their own unit (<code>ts_ms</code>"
          + " milliseconds, <code>MicroTimestamp</code> microseconds). A record without a usable"
          + " version is that record's failure (dead-letter queue or task failure), never a write"
          + " without version. Record versions stay comparable across partitions, topics and"
          + " re-created topics; they are written as <code>external_gte</code>, so a replay of the"
          + " same change is no conflict, and a document's writes are kept in record order so"
          + " that of two changes with the same version the later wins."
          + " <code>none</code>: no version. <code>auto</code> (default): <code>offset</code>"
          + " with <code>write.method=index</code>, <code>none</code> with <code>upsert</code>"
          + " (upserts cannot carry external versions).";

  /** Accepts the three plain values in any case, and the two prefixed forms with a name. */
  static final ConfigDef.Validator VALIDATOR =
      Validators.parsedBy(DocumentVersion::parse, "auto, offset, none, field:PATH or header:NAME");

  /** The complete values a tool can offer; the prefixed forms need a name of the user's. */
  static final ConfigDef.Recommender RECOMMENDER = ValidValues.of("auto", "offset", "none");

  public static final DocumentVersion AUTO = new DocumentVersion(Source.AUTO, null);
  public static final DocumentVersion OFFSET = new DocumentVersion(Source.OFFSET, null);
  public static final DocumentVersion NONE = new DocumentVersion(Source.NONE, null);

  /**
   * Parses {@code auto}, {@code offset}, {@code none} (in any case), {@code field:<path>} or {@code
   * header:<name>}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static DocumentVersion parse(String value) {
    String trimmed = value.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith(FIELD_PREFIX)) {
      String path = trimmed.substring(FIELD_PREFIX.length()).trim();
      if (!FieldPaths.isValid(path)) {
        throw new IllegalArgumentException(
            "field: needs a value field's dotted path, such as field:__source_lsn or"
                + " field:source.lsn.");
      }
      return new DocumentVersion(Source.FIELD, path);
    }
    if (lower.startsWith(HEADER_PREFIX)) {
      String header = trimmed.substring(HEADER_PREFIX.length()).trim();
      if (header.isEmpty()) {
        throw new IllegalArgumentException(
            "header: needs a header name, such as header:__lsn (Debezium's add.headers=lsn).");
      }
      return new DocumentVersion(Source.HEADER, header);
    }
    return switch (lower) {
      case "auto" -> AUTO;
      case "offset" -> OFFSET;
      case "none" -> NONE;
      default ->
          throw new IllegalArgumentException(
              "Expected auto, offset, none, field:<path> or header:<name>.");
    };
  }

  /** This version with {@code auto} resolved for the write method. */
  public DocumentVersion resolve(WriteMethod writeMethod) {
    if (source != Source.AUTO) {
      return this;
    }
    return writeMethod == WriteMethod.INDEX ? OFFSET : NONE;
  }

  /** Whether writes carry an external version at all. */
  public boolean isExternal() {
    return source == Source.OFFSET || fromRecord();
  }

  /** Whether the version is read from the record's value or headers. */
  public boolean fromRecord() {
    return source == Source.FIELD || source == Source.HEADER;
  }

  @Override
  public String toString() {
    return switch (source) {
      case FIELD -> FIELD_PREFIX + name;
      case HEADER -> HEADER_PREFIX + name;
      default -> source.name().toLowerCase(Locale.ROOT);
    };
  }
}
