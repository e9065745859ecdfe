package dev.unbundled.search.connector.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The body of one bulk request, built as NDJSON bytes as operations are added, with the caller's
 * context for each operation in request order (so that item results map back to records).
 *
 * <p>An operation whose serialization fails leaves no trace in the body: the body is cut back to
 * where it was, and the failure goes to the caller, who knows which record it was.
 */
public final class BulkBatch<C> {

  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          // Lines are separated by the batch itself; no space before the second root value.
          .rootValueSeparator((String) null)
          .build();

  private static final int MIN_CAPACITY = 64 * 1024;

  private final Body body;
  private final List<C> contexts = new ArrayList<>();
  private int[] starts = new int[64];
  // One generator for the whole body: creating one per operation costs more than writing a small
  // document. Flushed after every operation, so the body always ends on an operation boundary.
  private JsonGenerator generator;

  public BulkBatch() {
    this(MIN_CAPACITY);
  }

  /**
   * A batch whose body starts at {@code expectedBytes} (at least 64 KB): a writer that knows how
   * large its requests get saves growing the body step by step, which copies it several times.
   */
  public BulkBatch(int expectedBytes) {
    this(new byte[Math.max(MIN_CAPACITY, expectedBytes)]);
  }

  /**
   * A batch that writes its body into {@code buffer} (growing past it if needed), typically the
   * buffer of an earlier request taken back with {@link #releaseBuffer()}.
   */
  public BulkBatch(byte[] buffer) {
    body = new Body(buffer);
  }

  public void add(DocumentOperation operation, C context) throws IOException {
    int mark = body.size();
    try {
      JsonGenerator g = generator();
      writeActionLine(g, operation);
      g.writeRaw('\n');
      switch (operation.action()) {
        case INDEX -> operation.source().writeTo(g);
        case UPSERT -> {
          g.writeStartObject();
          g.writeFieldName("doc");
          operation.source().writeTo(g);
          g.writeBooleanField("doc_as_upsert", true);
          g.writeEndObject();
        }
        case DELETE -> {}
      }
      if (operation.action() != DocumentOperation.Action.DELETE) {
        g.writeRaw('\n');
      }
      g.flush();
    } catch (IOException | RuntimeException e) {
      // The generator's state (open objects, buffered bytes) is unknown after a failure: drop it
      // unflushed, and cut the body back to the end of the last operation.
      generator = null;
      body.truncate(mark);
      throw e;
    }
    if (contexts.size() == starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
    }
    starts[contexts.size()] = mark;
    contexts.add(context);
  }

  private JsonGenerator generator() throws IOException {
    if (generator == null) {
      generator = JSON.createGenerator(body);
    }
    return generator;
  }

  /** A new batch holding the given operations of this one (by position), for a partial retry. */
  public BulkBatch<C> select(List<Integer> positions) {
    BulkBatch<C> selected = new BulkBatch<>();
    for (int position : positions) {
      int start = starts[position];
      int end = position + 1 < contexts.size() ? starts[position + 1] : body.size();
      if (selected.contexts.size() == selected.starts.length) {
        selected.starts = Arrays.copyOf(selected.starts, selected.starts.length * 2);
      }
      selected.starts[selected.contexts.size()] = selected.body.size();
      selected.body.write(body.buffer(), start, end - start);
      selected.contexts.add(contexts.get(position));
    }
    return selected;
  }

  private void writeActionLine(JsonGenerator g, DocumentOperation operation) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart(
        switch (operation.action()) {
          case INDEX -> "index";
          case UPSERT -> "update";
          case DELETE -> "delete";
        });
    g.writeStringField("_index", operation.target());
    g.writeStringField("_id", operation.id());
    if (operation.routing() != null) {
      g.writeStringField("routing", operation.routing());
    }
    if (operation.version() != null) {
      g.writeNumberField("version", operation.version());
      g.writeStringField("version_type", operation.versionType().wireName());
    }
    if (operation.pipeline() != null) {
      g.writeStringField("pipeline", operation.pipeline());
    }
    if (operation.action() == DocumentOperation.Action.UPSERT) {
      // Only another writer can conflict: the connector never has two writes of a document in
      // flight when it upserts.
      g.writeNumberField("retry_on_conflict", 3);
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  public int size() {
    return contexts.size();
  }

  public boolean isEmpty() {
    return contexts.isEmpty();
  }

  public int sizeInBytes() {
    return body.size();
  }

  /** The contexts of the operations, in request order. */
  public List<C> contexts() {
    return Collections.unmodifiableList(contexts);
  }

  /** The request body; valid until the batch is changed. */
  public byte[] bodyBytes() {
    return body.buffer();
  }

  /**
   * Hands the body's buffer over for a later batch to write into; this batch must not be used
   * afterwards. Saves allocating (and zeroing) a buffer of a request's size for every request.
   */
  public byte[] releaseBuffer() {
    generator = null;
    byte[] buffer = body.buffer();
    body.truncate(0);
    return buffer;
  }

  /** A byte stream that exposes its buffer (no copy per request) and can be cut back. */
  private static final class Body extends ByteArrayOutputStream {
    Body(byte[] buffer) {
      super(0);
      buf = buffer;
    }

    byte[] buffer() {
      return buf;
    }

    void truncate(int size) {
      count = size;
    }
  }
}
