package dev.unbundled.search.connector.convert;

import dev.unbundled.search.connector.bulk.DocumentOperation;
import dev.unbundled.search.connector.config.DocumentIdSource;
import dev.unbundled.search.connector.config.DocumentVersion;
import dev.unbundled.search.connector.config.NullValueBehavior;
import dev.unbundled.search.connector.config.RoutingField;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.config.WriteMethod;
import dev.unbundled.search.connector.index.IndexNames;
import dev.unbundled.search.connector.index.TimeBucket;
import dev.unbundled.search.connector.index.WriteTarget;
import dev.unbundled.search.connector.snapshot.SweepStamp;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Decides what a record means for its index: which document (id), which write (index, upsert or
 * delete), at which version. The document body itself is written later, straight into the bulk
 * request, so nothing is serialized twice.
 */
public final class RecordConverter {

  /**
   * The settings that shape conversion, taken from the connector configuration.
   *
   * @param version where versions come from, {@code auto} resolved
   * @param routing where routing comes from, or null for none
   * @param sweepStamps whether documents carry the record's timestamp for snapshot sweeps ({@link
   *     SweepStamp})
   * @param timeField the value field whose time picks a time bucket, or null for the Kafka
   *     timestamp (used only when index names carry a bucket)
   * @param retention how long time buckets are kept, or null for ever: older records are dropped
   */
  public record Settings(
      DocumentIdSource idSource,
      String idField,
      WriteMethod writeMethod,
      DocumentVersion version,
      RoutingField routing,
      NullValueBehavior nullValues,
      String pipeline,
      boolean sweepStamps,
      String timeField,
      Duration retention) {

    public Settings(
        DocumentIdSource idSource,
        String idField,
        WriteMethod writeMethod,
        DocumentVersion version,
        RoutingField routing,
        NullValueBehavior nullValues,
        String pipeline,
        boolean sweepStamps) {
      this(
          idSource,
          idField,
          writeMethod,
          version,
          routing,
          nullValues,
          pipeline,
          sweepStamps,
          null,
          null);
    }

    public static Settings from(SearchSinkConfig config) {
      return new Settings(
          config.documentIdSource(),
          config.documentIdField().orElse(null),
          config.writeMethod(),
          config.documentVersion(),
          config.routingField().orElse(null),
          config.nullValueBehavior(),
          config.pipeline().orElse(null),
          config.snapshotSweep(),
          config.indexTimeField().orElse(null),
          config.indexRetention().orElse(null));
    }
  }

  private final IndexNames indexNames;
  private final Settings settings;
  private final RecordVersions versions;
  private final DocumentOperation.VersionType versionType;
  private final RecordRouting routing;
  private final RecordTimes times;
  private final Clock clock;
  private final LongAdder expired = new LongAdder();

  public RecordConverter(IndexNames indexNames, Settings settings) {
    this(indexNames, settings, Clock.systemUTC());
  }

  /**
   * @param clock tells the retention's now
   */
  public RecordConverter(IndexNames indexNames, Settings settings, Clock clock) {
    this.indexNames = indexNames;
    this.settings = settings;
    this.clock = clock;
    this.times = indexNames.bucketed() ? new RecordTimes(settings.timeField()) : null;
    this.versions = new RecordVersions(settings.version());
    this.versionType =
        settings.version().fromRecord()
            ? DocumentOperation.VersionType.EXTERNAL_GTE
            : DocumentOperation.VersionType.EXTERNAL;
    this.routing = settings.routing() == null ? null : new RecordRouting(settings.routing());
  }

  /**
   * The index a record goes to, by the topic it has after the worker's transforms (and with time
   * buckets, by its time).
   *
   * @throws DataException when index names carry a time bucket and the record has no usable time
   */
  public WriteTarget targetFor(SinkRecord record) {
    if (times == null) {
      return indexNames.targetFor(record.topic());
    }
    return indexNames.targetFor(record.topic(), times.of(record));
  }

  /** Whether index names carry a time bucket, so that records of a topic spread over indexes. */
  public boolean bucketed() {
    return times != null;
  }

  /** How many records were dropped as older than the buckets' retention, since the start. */
  public long expiredRecords() {
    return expired.sum();
  }

  /**
   * The index a record is to be written to, or empty when it is dropped as past the retention: what
   * may be created ahead of the record's write.
   *
   * @throws DataException when index names carry a time bucket and the record has no usable time
   */
  public Optional<WriteTarget> keptTargetFor(SinkRecord record) {
    WriteTarget target = targetFor(record);
    return pastRetention(target) ? Optional.empty() : Optional.of(target);
  }

  private boolean pastRetention(WriteTarget target) {
    TimeBucket bucket = target.bucket();
    return bucket != null
        && settings.retention() != null
        && bucket.endsBefore(clock.instant().minus(settings.retention()));
  }

  /**
   * The write for a record, through the write alias of {@link #targetFor its index}, or empty when
   * the record is to be skipped (a tombstone under {@code behavior.on.null.values=ignore}, a record
   * whose time bucket is past the retention).
   *
   * @throws DataException when the record cannot become a write
   */
  public Optional<DocumentOperation> convert(SinkRecord record) {
    // With a retention the target is needed first; otherwise only for a write (not for a skip).
    WriteTarget target = times == null || settings.retention() == null ? null : targetFor(record);
    if (target != null && pastRetention(target)) {
      expired.increment();
      return Optional.empty();
    }
    if (record.value() == null) {
      return switch (settings.nullValues()) {
        case IGNORE -> Optional.empty();
        case FAIL ->
            throw new DataException(
                "The record is a tombstone (null value) and " + NullValueBehavior.KEY + "=fail");
        case DELETE ->
            Optional.of(operation(DocumentOperation.Action.DELETE, record, target, null));
      };
    }
    checkDocumentShape(record.valueSchema(), record.value());
    DocumentOperation.SourceWriter source = sourceOf(record.valueSchema(), record.value());
    if (settings.sweepStamps() && record.timestamp() != null && record.timestamp() >= 0) {
      source = stamped(record.valueSchema(), record.value(), record.timestamp());
    }
    return Optional.of(
        settings.writeMethod() == WriteMethod.UPSERT
            ? operation(DocumentOperation.Action.UPSERT, record, target, source)
            : operation(DocumentOperation.Action.INDEX, record, target, source));
  }

  /**
   * @param target the record's index, or null when not looked up yet
   */
  private DocumentOperation operation(
      DocumentOperation.Action action,
      SinkRecord record,
      WriteTarget target,
      DocumentOperation.SourceWriter source) {
    String id = id(record);
    Long version = action == DocumentOperation.Action.UPSERT ? null : versions.of(record);
    return new DocumentOperation(
        action,
        (target == null ? targetFor(record) : target).alias(),
        id,
        version,
        version == null ? null : versionType,
        routing == null ? null : routing.of(record),
        action == DocumentOperation.Action.DELETE ? null : settings.pipeline(),
        source);
  }

  private String id(SinkRecord record) {
    return switch (settings.idSource()) {
      case KEY -> DocumentIds.fromKey(record.key());
      case COORDINATES ->
          DocumentIds.fromCoordinates(
              record.topic(), record.kafkaPartition(), record.kafkaOffset());
      case VALUE_FIELD -> {
        if (record.value() == null) {
          // A tombstone has no value to read the id from; its key must then be the id.
          yield DocumentIds.fromKey(record.key());
        }
        yield DocumentIds.fromValueField(record.value(), settings.idField());
      }
    };
  }

  private static DocumentOperation.SourceWriter sourceOf(Schema schema, Object value) {
    if (value instanceof String json) {
      return generator -> JsonSources.writeObject(generator, json);
    }
    if (value instanceof byte[] json) {
      return generator -> JsonSources.writeObject(generator, json);
    }
    if (value instanceof ByteBuffer json) {
      return generator -> JsonSources.writeObject(generator, json);
    }
    return generator -> ConnectJsonWriter.write(generator, schema, value);
  }

  /**
   * The document with its {@link SweepStamp}. A record without a timestamp gets none, so no sweep
   * ever deletes its document: the safe side.
   */
  private static DocumentOperation.SourceWriter stamped(
      Schema schema, Object value, long timestamp) {
    if (value instanceof String || value instanceof byte[] || value instanceof ByteBuffer) {
      return generator ->
          JsonSources.copyObject(
              new StampingGenerator(generator, SweepStamp.FIELD, timestamp), value);
    }
    return generator ->
        ConnectJsonWriter.write(
            new StampingGenerator(generator, SweepStamp.FIELD, timestamp), schema, value);
  }

  /**
   * A document is a JSON object: a Struct, a Map, or JSON text holding an object (a String, or
   * UTF-8 bytes as the ByteArrayConverter gives them).
   */
  private static void checkDocumentShape(Schema schema, Object value) {
    boolean object =
        value instanceof Struct
            || value instanceof Map<?, ?>
            || value instanceof String
            || value instanceof byte[]
            || value instanceof ByteBuffer;
    if (!object) {
      throw new DataException(
          "The value is "
              + (schema == null ? value.getClass().getSimpleName() : schema.type())
              + ", but a document must be a struct, a map or a JSON object");
    }
  }
}
