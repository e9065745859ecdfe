package dev.unbundled.search.connector.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordTimesTest {

  private static SinkRecord record(Schema schema, Object value, Long timestamp) {
    return new SinkRecord(
        "clicks", 0, null, null, schema, value, 7, timestamp, TimestampType.CREATE_TIME);
  }

  @Test
  void withoutAFieldTheTimeIsTheKafkaTimestamp() {
    assertThat(new RecordTimes(null).of(record(null, Map.of(), 1_700_000_000_000L)))
        .isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
  }

  @Test
  void aRecordWithoutTimestampHasNoBucket() {
    assertThatThrownBy(() -> new RecordTimes(null).of(record(null, Map.of(), null)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("has no timestamp")
        .hasMessageContaining("index.time.field");
  }

  @Test
  void aFieldMayHoldEpochMillisIsoTextOrAConnectTimestamp() {
    RecordTimes times = new RecordTimes("event.at");
    Instant at = Instant.parse("2026-10-01T12:30:00Z");
    assertThat(times.of(record(null, Map.of("event", Map.of("at", at.toEpochMilli())), 1L)))
        .isEqualTo(at);
    assertThat(times.of(record(null, Map.of("event", Map.of("at", "2026-10-01T12:30:00Z")), 1L)))
        .isEqualTo(at);
    assertThat(
            times.of(record(null, Map.of("event", Map.of("at", "2026-10-01T14:30:00+02:00")), 1L)))
        .isEqualTo(at);
    assertThat(times.of(record(null, Map.of("event", Map.of("at", "2026-10-01T12:30:00")), 1L)))
        .isEqualTo(at);
    assertThat(times.of(record(null, Map.of("event", Map.of("at", "2026-10-01")), 1L)))
        .isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
    Schema inner = SchemaBuilder.struct().field("at", Timestamp.SCHEMA).build();
    Schema schema = SchemaBuilder.struct().field("event", inner).build();
    Struct value = new Struct(schema).put("event", new Struct(inner).put("at", Date.from(at)));
    assertThat(times.of(record(schema, value, 1L))).isEqualTo(at);
  }

  @Test
  void debeziumTimeTypesAreReadByTheirSchemaName() {
    Instant at = Instant.parse("2026-10-01T12:30:00.123456Z");
    Schema schema =
        SchemaBuilder.struct()
            .field("micros", SchemaBuilder.int64().name(DebeziumTypes.MICRO_TIMESTAMP).build())
            .field("nanos", SchemaBuilder.int64().name(DebeziumTypes.NANO_TIMESTAMP).build())
            .field("day", SchemaBuilder.int32().name(DebeziumTypes.DATE).build())
            .field("zoned", SchemaBuilder.string().name(DebeziumTypes.ZONED_TIMESTAMP).build())
            .build();
    Struct value =
        new Struct(schema)
            .put("micros", 1_790_857_800_123_456L)
            .put("nanos", 1_790_857_800_123_456_000L)
            .put("day", 20_362)
            .put("zoned", "2026-10-01T12:30:00.123456Z");
    assertThat(new RecordTimes("micros").of(record(schema, value, 1L))).isEqualTo(at);
    assertThat(new RecordTimes("nanos").of(record(schema, value, 1L))).isEqualTo(at);
    assertThat(new RecordTimes("zoned").of(record(schema, value, 1L))).isEqualTo(at);
    assertThat(new RecordTimes("day").of(record(schema, value, 1L)))
        .isEqualTo(Instant.parse("2025-10-01T00:00:00Z"));
  }

  @Test
  void aMissingOrUnusableFieldIsTheRecordsFailure() {
    RecordTimes times = new RecordTimes("at");
    assertThatThrownBy(() -> times.of(record(null, Map.of(), 1L)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("has no field 'at'");
    assertThatThrownBy(() -> times.of(record(null, Map.of("at", "yesterday"), 1L)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'yesterday'");
    assertThatThrownBy(() -> times.of(record(null, Map.of("at", 1.5), 1L)))
        .hasMessageContaining("not a time");
    assertThatThrownBy(() -> times.of(record(null, null, 1L))).hasMessageContaining("tombstone");
  }
}
