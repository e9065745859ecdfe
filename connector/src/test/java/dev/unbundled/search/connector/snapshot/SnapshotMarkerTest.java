package dev.unbundled.search.connector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SnapshotMarkerTest {

  private static final List<String> NAMES = List.of("__source_snapshot", "__snapshot");

  private static SinkRecord record(Schema schema, Object value, ConnectHeaders headers) {
    return new SinkRecord("t", 0, null, 1, schema, value, 7, 1000L, null, headers);
  }

  @Test
  void debeziumsMarkersOpenAndCloseATablesSnapshot() {
    assertThat(SnapshotMarker.parse("first")).isEqualTo(SnapshotMarker.BEGIN);
    assertThat(SnapshotMarker.parse("first_in_data_collection")).isEqualTo(SnapshotMarker.BEGIN);
    assertThat(SnapshotMarker.parse("true")).isEqualTo(SnapshotMarker.INSIDE);
    assertThat(SnapshotMarker.parse("last_in_data_collection")).isEqualTo(SnapshotMarker.END);
    assertThat(SnapshotMarker.parse("LAST")).isEqualTo(SnapshotMarker.END);
  }

  @Test
  void streamingChangesAndIncrementalSnapshotsAreNoSnapshot() {
    assertThat(SnapshotMarker.parse("false")).isEqualTo(SnapshotMarker.NONE);
    assertThat(SnapshotMarker.parse("incremental")).isEqualTo(SnapshotMarker.NONE);
    assertThat(SnapshotMarker.parse(null)).isEqualTo(SnapshotMarker.NONE);
  }

  @Test
  void theMarkerIsReadFromAHeaderAsExtractNewRecordStateAddsIt() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("__source_snapshot", "last");

    assertThat(SnapshotMarker.of(record(null, Map.of("id", 1), headers), NAMES))
        .isEqualTo(SnapshotMarker.END);
  }

  @Test
  void theMarkerIsReadFromAnUnwrappedRowsField() {
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("__snapshot", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    Struct row = new Struct(schema).put("id", 1).put("__snapshot", "first");

    assertThat(SnapshotMarker.of(record(schema, row, new ConnectHeaders()), NAMES))
        .isEqualTo(SnapshotMarker.BEGIN);
    assertThat(
            SnapshotMarker.of(
                record(null, Map.of("id", 1, "__source_snapshot", "true"), new ConnectHeaders()),
                NAMES))
        .isEqualTo(SnapshotMarker.INSIDE);
  }

  @Test
  void anEnvelopeThatWasNotUnwrappedIsReadFromItsSource() {
    Map<String, Object> envelope =
        Map.of("op", "r", "after", Map.of("id", 1), "source", Map.of("snapshot", "first"));

    assertThat(SnapshotMarker.of(record(null, envelope, new ConnectHeaders()), NAMES))
        .isEqualTo(SnapshotMarker.BEGIN);
  }

  @Test
  void aRowWithoutAnyMarkerIsNoSnapshot() {
    assertThat(SnapshotMarker.of(record(null, Map.of("id", 1), new ConnectHeaders()), NAMES))
        .isEqualTo(SnapshotMarker.NONE);
    assertThat(SnapshotMarker.of(record(null, null, new ConnectHeaders()), NAMES))
        .isEqualTo(SnapshotMarker.NONE);
  }
}
