package dev.unbundled.search.connector.bulk;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Objects;

/**
 * One write to Elasticsearch, before it is serialized: what to do, to which document, at which
 * version. The source is written lazily, straight into the bulk request body.
 *
 * @param version the external version, or {@code null} to let Elasticsearch version the document
 * @param source writes the document body; {@code null} for deletes
 */
public record DocumentOperation(
    Action action, String index, String id, Long version, SourceWriter source) {

  public enum Action {
    INDEX,
    DELETE
  }

  /** Writes a document's JSON body into a generator positioned where the body belongs. */
  @FunctionalInterface
  public interface SourceWriter {
    void writeTo(JsonGenerator generator) throws IOException;
  }

  public DocumentOperation {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(id, "id");
    if (action == Action.INDEX) {
      Objects.requireNonNull(source, "an index operation needs a source");
    }
  }

  public static DocumentOperation index(
      String index, String id, Long version, SourceWriter source) {
    return new DocumentOperation(Action.INDEX, index, id, version, source);
  }

  public static DocumentOperation delete(String index, String id, Long version) {
    return new DocumentOperation(Action.DELETE, index, id, version, null);
  }
}
