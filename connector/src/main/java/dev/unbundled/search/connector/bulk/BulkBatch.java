package dev.unbundled.search.connector.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.unbundled.search.connector.index.WriteAlias;
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
  private String lastIndex;
  private String lastWriteAlias;

  public BulkBatch() {
    this(MIN_CAPACITY);
  }

  /**
   * A batch whose body starts at {@code expectedBytes} (at least 64 KB): a writer that knows how
   * large its requests get saves growing the body step by step, which copies it several times.
   */
  public BulkBatch(int expectedBytes) {
    body = new Body(Math.max(MIN_CAPACITY, expectedBytes));
  }

  public void add(DocumentOperation operation, C context) throws IOException {
    int mark = body.size();
    try (JsonGenerator generator = JSON.createGenerator(body)) {
      writeActionLine(generator, operation);
      generator.flush();
      body.write('\n');
      switch (operation.action()) {
        case INDEX -> operation.source().writeTo(generator);
        case UPSERT -> {
          generator.writeStartObject();
          generator.writeFieldName("doc");
          operation.source().writeTo(generator);
          generator.writeBooleanField("doc_as_upsert", true);
          generator.writeEndObject();
        }
        case DELETE -> {}
      }
      generator.flush();
      if (operation.action() != DocumentOperation.Action.DELETE) {
        body.write('\n');
      }
    } catch (IOException | RuntimeException e) {
      body.truncate(mark);
      throw e;
    }
    if (contexts.size() == starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
    }
    starts[contexts.size()] = mark;
    contexts.add(context);
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

  /** The write alias of the last index seen: a batch rarely spans indexes; a record is hot path. */
  private String writeAlias(String index) {
    if (!index.equals(lastIndex)) {
      lastIndex = index;
      lastWriteAlias = WriteAlias.of(index);
    }
    return lastWriteAlias;
  }

  private void writeActionLine(JsonGenerator g, DocumentOperation operation) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart(
        switch (operation.action()) {
          case INDEX -> "index";
          case UPSERT -> "update";
          case DELETE -> "delete";
        });
    g.writeStringField("_index", writeAlias(operation.index()));
    g.writeStringField("_id", operation.id());
    if (operation.version() != null) {
      g.writeNumberField("version", operation.version());
      g.writeStringField("version_type", "external");
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

  /** A byte stream that exposes its buffer (no copy per request) and can be cut back. */
  private static final class Body extends ByteArrayOutputStream {
    Body(int capacity) {
      super(capacity);
    }

    byte[] buffer() {
      return buf;
    }

    void truncate(int size) {
      count = size;
    }
  }
}
