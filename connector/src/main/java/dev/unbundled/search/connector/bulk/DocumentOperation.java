package dev.unbundled.search.connector.bulk;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Objects;

/**
 * One write to Elasticsearch, before it is serialized: what to do, to which document, at which
 * version. The source is written lazily, straight into the bulk request body.
 *
 * @param target the index or alias the bulk request writes to (the connector writes through each
 *     index's write alias)
 * @param version the external version, or {@code null} to let Elasticsearch version the document
 * @param pipeline the ingest pipeline to run, or {@code null}
 * @param source writes the document body; {@code null} for deletes
 */
public record DocumentOperation(
    Action action, String target, String id, Long version, String pipeline, SourceWriter source) {

  public enum Action {
    /** Replace the document. */
    INDEX,
    /** Merge the source into the document, creating it if missing. */
    UPSERT,
    DELETE
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
  }

  public static DocumentOperation index(
      String target, String id, Long version, SourceWriter source) {
    return new DocumentOperation(Action.INDEX, target, id, version, null, source);
  }

  public static DocumentOperation upsert(String target, String id, SourceWriter source) {
    return new DocumentOperation(Action.UPSERT, target, id, null, null, source);
  }

  public static DocumentOperation delete(String target, String id, Long version) {
    return new DocumentOperation(Action.DELETE, target, id, version, null, null);
  }

  /** The same operation through an ingest pipeline. */
  public DocumentOperation withPipeline(String pipeline) {
    return new DocumentOperation(action, target, id, version, pipeline, source);
  }
}
