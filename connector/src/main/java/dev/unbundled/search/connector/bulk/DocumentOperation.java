package dev.unbundled.search.connector.bulk;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Objects;

/**
 * One write to Elasticsearch, before it is serialized: what to do, to which document (id and
 * routing), at which version. The source is written lazily, straight into the bulk request body.
 *
 * @param target the index or alias the bulk request writes to (the connector writes through each
 *     index's write alias)
 * @param version the external version, or {@code null} to let Elasticsearch version the document
 * @param versionType how Elasticsearch compares the version with the stored one; null without one
 * @param routing the document's {@code _routing}, or {@code null} to route by id
 * @param pipeline the ingest pipeline to run, or {@code null}
 * @param source writes the document body; {@code null} for deletes
 */
public record DocumentOperation(
    Action action,
    String target,
    String id,
    Long version,
    VersionType versionType,
    String routing,
    String pipeline,
    SourceWriter source) {

  public enum Action {
    /** Replace the document. */
    INDEX,
    /** Merge the source into the document, creating it if missing. */
    UPSERT,
    DELETE
  }

  /** How Elasticsearch compares an external version with the version it holds. */
  public enum VersionType {
    /**
     * Only a higher version is written. Kafka offsets: two records never share an offset, so an
     * equal version is a replay of the very same record, and rejecting it costs nothing.
     */
    EXTERNAL("external"),
    /**
     * A version equal to the stored one is written too. Versions from the records: two changes of a
     * document may share one (a timestamp), and the later of them, in record order, must win.
     */
    EXTERNAL_GTE("external_gte");

    private final String wireName;

    VersionType(String wireName) {
      this.wireName = wireName;
    }

    /** The {@code version_type} of the bulk action line. */
    public String wireName() {
      return wireName;
    }
  }

  /** Writes a document's JSON body into a generator positioned where the body belongs. */
  @FunctionalInterface
  public interface SourceWriter {
    void writeTo(JsonGenerator generator) throws IOException;
  }

  public DocumentOperation {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(id, "id");
    if (action != Action.DELETE) {
      Objects.requireNonNull(source, "a write needs a source");
    }
    if (action == Action.UPSERT && version != null) {
      throw new IllegalArgumentException("Upserts cannot carry external versions");
    }
    if ((version == null) != (versionType == null)) {
      throw new IllegalArgumentException("A version and its type go together");
    }
  }

  /** Replaces the document; a version, if any, is compared as {@link VersionType#EXTERNAL}. */
  public static DocumentOperation index(
      String target, String id, Long version, SourceWriter source) {
    return new DocumentOperation(
        Action.INDEX, target, id, version, typeOf(version), null, null, source);
  }

  public static DocumentOperation upsert(String target, String id, SourceWriter source) {
    return new DocumentOperation(Action.UPSERT, target, id, null, null, null, null, source);
  }

  /** Deletes the document; a version, if any, is compared as {@link VersionType#EXTERNAL}. */
  public static DocumentOperation delete(String target, String id, Long version) {
    return new DocumentOperation(
        Action.DELETE, target, id, version, typeOf(version), null, null, null);
  }

  private static VersionType typeOf(Long version) {
    return version == null ? null : VersionType.EXTERNAL;
  }

  /** The same operation through an ingest pipeline. */
  public DocumentOperation withPipeline(String pipeline) {
    return new DocumentOperation(
        action, target, id, version, versionType, routing, pipeline, source);
  }

  /** The same operation on the document of this routing. */
  public DocumentOperation withRouting(String routing) {
    return new DocumentOperation(
        action, target, id, version, versionType, routing, pipeline, source);
  }

  /** The same operation, its version compared as {@code type}. */
  public DocumentOperation withVersionType(VersionType type) {
    return new DocumentOperation(action, target, id, version, type, routing, pipeline, source);
  }
}
