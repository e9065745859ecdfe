package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkBatchTest {

  private static String body(BulkBatch<?> batch) {
    return new String(batch.bodyBytes(), 0, batch.sizeInBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void writesActionLinesAndSourcesAsNdjson() throws IOException {
    BulkBatch<String> batch = new BulkBatch<>();
    batch.add(DocumentOperation.index("orders-v1.Writer", "1", 5L, g -> g.writeString("x")), "a");
    batch.add(DocumentOperation.delete("orders-v1.Writer", "2", 6L), "b");
    batch.add(DocumentOperation.index("orders-v1.Writer", "3", null, g -> g.writeNumber(1)), "c");

    assertThat(body(batch))
        .isEqualTo(
            """
            {"index":{"_index":"orders-v1.Writer","_id":"1","version":5,"version_type":"external"}}
            "x"
            {"delete":{"_index":"orders-v1.Writer","_id":"2","version":6,"version_type":"external"}}
            {"index":{"_index":"orders-v1.Writer","_id":"3"}}
            1
            """);
    assertThat(batch.contexts()).containsExactly("a", "b", "c");
  }

  @Test
  void routingAndTheVersionTypeGoIntoTheActionLine() throws IOException {
    BulkBatch<String> batch = new BulkBatch<>();
    batch.add(
        DocumentOperation.index("t.Writer", "1", 9L, g -> g.writeNumber(1))
            .withRouting("acme")
            .withVersionType(DocumentOperation.VersionType.EXTERNAL_GTE),
        "a");
    batch.add(DocumentOperation.delete("t.Writer", "2", null).withRouting("acme"), "b");
    batch.add(
        DocumentOperation.upsert("t.Writer", "3", g -> g.writeNumber(2)).withRouting("x"), "c");

    assertThat(body(batch))
        .isEqualTo(
            """
            {"index":{"_index":"t.Writer","_id":"1","routing":"acme","version":9,"version_type":"external_gte"}}
            1
            {"delete":{"_index":"t.Writer","_id":"2","routing":"acme"}}
            {"update":{"_index":"t.Writer","_id":"3","routing":"x","retry_on_conflict":3}}
            {"doc":2,"doc_as_upsert":true}
            """);
  }

  @Test
  void aSourceThatFailsToSerializeLeavesNoTrace() throws IOException {
    BulkBatch<String> batch = new BulkBatch<>();
    batch.add(DocumentOperation.delete("i.Writer", "1", 1L), "a");
    String before = body(batch);

    assertThatThrownBy(
            () ->
                batch.add(
                    DocumentOperation.index(
                        "i.Writer",
                        "2",
                        2L,
                        g -> {
                          g.writeStartObject();
                          throw new IllegalStateException("boom");
                        }),
                    "b"))
        .hasMessage("boom");

    assertThat(body(batch)).isEqualTo(before);
    assertThat(batch.contexts()).containsExactly("a");

    batch.add(DocumentOperation.delete("i.Writer", "3", 3L), "c");
    assertThat(body(batch))
        .isEqualTo(
            before
                + """
                {"delete":{"_index":"i.Writer","_id":"3","version":3,"version_type":"external"}}
                """);
  }

  @Test
  void aBatchOnAReleasedBufferHoldsOnlyItsOwnOperations() throws IOException {
    BulkBatch<String> first = new BulkBatch<>();
    for (int i = 0; i < 50; i++) {
      first.add(DocumentOperation.delete("i.Writer", "old" + i, (long) i), "old");
    }
    byte[] buffer = first.releaseBuffer();

    BulkBatch<String> next = new BulkBatch<>(buffer);
    next.add(DocumentOperation.delete("i.Writer", "new", 7L), "new");

    assertThat(next.bodyBytes()).isSameAs(buffer);
    assertThat(body(next))
        .isEqualTo(
            """
            {"delete":{"_index":"i.Writer","_id":"new","version":7,"version_type":"external"}}
            """);
    assertThat(next.contexts()).containsExactly("new");
  }

  @Test
  void selectCopiesChosenOperationsForARetry() throws IOException {
    BulkBatch<String> batch = new BulkBatch<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      batch.add(
          DocumentOperation.index("i.Writer", "id" + n, (long) n, g -> g.writeNumber(n)), "c" + n);
    }

    BulkBatch<String> retry = batch.select(List.of(1, 99));

    assertThat(body(retry))
        .isEqualTo(
            """
            {"index":{"_index":"i.Writer","_id":"id1","version":1,"version_type":"external"}}
            1
            {"index":{"_index":"i.Writer","_id":"id99","version":99,"version_type":"external"}}
            99
            """);
    assertThat(retry.contexts()).containsExactly("c1", "c99");
  }
}
