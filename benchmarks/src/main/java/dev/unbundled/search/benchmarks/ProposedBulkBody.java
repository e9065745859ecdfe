package dev.unbundled.search.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.unbundled.search.connector.bulk.DocumentOperation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Not the connector's code: a sketch of a change proposed for its {@code BulkBatch}, kept here so
 * the microbenchmark can measure it (see docs/performance.md). Differences from {@code BulkBatch}:
 *
 * <ul>
 *   <li>the body's buffer is allocated once at the request size limit and reused for the next
 *       request (in the connector: handed back when the request completes), instead of starting at
 *       64 KB and doubling to the request's size for every request;
 *   <li>one JSON generator per request instead of one per operation (the action line's index name,
 *       write alias included, is also computed once per index, not once per record).
 * </ul>
 *
 * It writes index operations with external versions only, which is what the benchmark needs.
 */
final class ProposedBulkBody {

  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .rootValueSeparator((String) null)
          .build();

  private final Body body;
  private final JsonGenerator generator;
  private String lastIndex;
  private String lastTarget;
  private int operations;

  ProposedBulkBody(int capacity) throws IOException {
    body = new Body(capacity);
    generator = JSON.createGenerator(body);
  }

  void add(DocumentOperation operation) throws IOException {
    if (!operation.index().equals(lastIndex)) {
      lastIndex = operation.index();
      lastTarget = lastIndex + ".Writer";
    }
    generator.writeStartObject();
    generator.writeObjectFieldStart("index");
    generator.writeStringField("_index", lastTarget);
    generator.writeStringField("_id", operation.id());
    generator.writeNumberField("version", operation.version());
    generator.writeStringField("version_type", "external");
    generator.writeEndObject();
    generator.writeEndObject();
    generator.writeRaw('\n');
    operation.source().writeTo(generator);
    generator.writeRaw('\n');
    operations++;
  }

  int size() {
    return operations;
  }

  int sizeInBytes() throws IOException {
    generator.flush();
    return body.size();
  }

  byte[] bodyBytes() throws IOException {
    generator.flush();
    return body.buffer();
  }

  /** Empties the body for the next request, keeping its buffer. */
  void reset() throws IOException {
    generator.flush();
    body.reset();
    operations = 0;
  }

  private static final class Body extends ByteArrayOutputStream {
    Body(int capacity) {
      super(capacity);
    }

    byte[] buffer() {
      return buf;
    }
  }
}
