package dev.unbundled.search.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every case runs twice: on Struct envelopes with schemas, and on schemaless Map envelopes. */
class CdcUnwrapTest {

  /** The two shapes a change event arrives in. */
  enum Shape {
    WITH_SCHEMA {
      @Override
      SinkRecord envelope(String op, Map<String, Object> after) {
        Struct source =
            new Struct(SOURCE).put("table", "orders").put("lsn", 77L).put("ts_ms", 1000L);
        Struct envelope =
            new Struct(ENVELOPE).put("op", op).put("source", source).put("ts_ms", 2000L);
        if (after != null) {
          Struct row = new Struct(ROW);
          after.forEach(row::put);
          envelope.put("after", row);
        }
        return new SinkRecord("db.orders", 0, Schema.STRING_SCHEMA, "42", ENVELOPE, envelope, 5);
      }

      @Override
      Map<String, Object> row(Object value) {
        Struct struct = (Struct) value;
        Map<String, Object> row = new LinkedHashMap<>();
        struct.schema().fields().forEach(f -> row.put(f.name(), struct.get(f)));
        return row;
      }
    },
    SCHEMALESS {
      @Override
      SinkRecord envelope(String op, Map<String, Object> after) {
        Map<String, Object> envelope = new HashMap<>();
        envelope.put("op", op);
        envelope.put("before", null);
        envelope.put("after", after);
        envelope.put("source", Map.of("table", "orders", "lsn", 77L, "ts_ms", 1000L));
        envelope.put("ts_ms", 2000L);
        return new SinkRecord("db.orders", 0, null, "42", null, envelope, 5);
      }

      @Override
      @SuppressWarnings("unchecked")
      Map<String, Object> row(Object value) {
        return (Map<String, Object>) value;
      }
    };

    static final Schema ROW =
        SchemaBuilder.struct()
            .name("db.orders.Value")
            .optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema SOURCE =
        SchemaBuilder.struct()
            .field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();
    static final Schema ENVELOPE =
        SchemaBuilder.struct()
            .name("db.orders.Envelope")
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    abstract SinkRecord envelope(String op, Map<String, Object> after);

    abstract Map<String, Object> row(Object value);
  }

  private final CdcUnwrap<SinkRecord> unwrap = new CdcUnwrap<>();

  @AfterEach
  void close() {
    unwrap.close();
  }

  private static Map<String, Object> widget() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", 42);
    row.put("name", "Widget");
    return row;
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void createsUpdatesAndSnapshotReadsBecomeTheAfterRow(Shape shape) {
    unwrap.configure(Map.of());
    for (String op : new String[] {"c", "u", "r"}) {
      SinkRecord result = unwrap.apply(shape.envelope(op, widget()));

      assertThat(shape.row(result.value())).as(op).isEqualTo(widget());
      assertThat(result.key()).isEqualTo("42");
    }
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void aDeleteBecomesATombstoneWithTheSameKey(Shape shape) {
    unwrap.configure(Map.of());

    SinkRecord result = unwrap.apply(shape.envelope("d", null));

    assertThat(result.value()).isNull();
    assertThat(result.key()).isEqualTo("42");
    assertThat(result.topic()).isEqualTo("db.orders");
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void truncatesAreDroppedByDefaultOrPassedUnchanged(Shape shape) {
    unwrap.configure(Map.of());
    SinkRecord truncate = shape.envelope("t", null);
    assertThat(unwrap.apply(truncate)).isNull();

    unwrap.configure(Map.of(CdcUnwrap.OTHER_OPS_CONFIG, "pass"));
    assertThat(unwrap.apply(truncate)).isSameAs(truncate);
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void metadataIsCopiedIntoPrefixedFields(Shape shape) {
    unwrap.configure(
        Map.of(CdcUnwrap.METADATA_FIELDS_CONFIG, "op,source.table,source.lsn,source.missing"));

    Map<String, Object> row = shape.row(unwrap.apply(shape.envelope("u", widget())).value());

    assertThat(row)
        .containsEntry("id", 42)
        .containsEntry("__op", "u")
        .containsEntry("__source_table", "orders");
    assertThat(String.valueOf(row.get("__source_lsn"))).isEqualTo("77");
    assertThat(row.get("__source_missing")).isNull();
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void metadataCanGoToHeadersInstead(Shape shape) {
    unwrap.configure(
        Map.of(
            CdcUnwrap.METADATA_FIELDS_CONFIG, "op,source.ts_ms",
            CdcUnwrap.METADATA_TARGET_CONFIG, "header",
            CdcUnwrap.METADATA_PREFIX_CONFIG, "cdc."));

    SinkRecord result = unwrap.apply(shape.envelope("d", null));

    assertThat(result.headers().lastWithName("cdc.op").value()).isEqualTo("d");
    assertThat(result.headers().lastWithName("cdc.source_ts_ms").value()).isEqualTo("1000");
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void aDeleteCarriesItsMetadataAsHeadersWhenRowsGetItAsFields(Shape shape) {
    unwrap.configure(Map.of(CdcUnwrap.METADATA_FIELDS_CONFIG, "source.lsn"));

    SinkRecord row = unwrap.apply(shape.envelope("u", widget()));
    SinkRecord delete = unwrap.apply(shape.envelope("d", null));

    assertThat(row.headers().lastWithName("__source_lsn")).isNull();
    assertThat(String.valueOf(shape.row(row.value()).get("__source_lsn"))).isEqualTo("77");
    assertThat(delete.value()).isNull();
    assertThat(delete.headers().lastWithName("__source_lsn").value()).isEqualTo("77");
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void tombstonesAndRecordsThatAreNotChangeEventsPassUntouched(Shape shape) {
    unwrap.configure(Map.of());
    SinkRecord tombstone = new SinkRecord("t", 0, null, "42", null, null, 1);
    SinkRecord plain =
        shape == Shape.WITH_SCHEMA
            ? new SinkRecord("t", 0, null, "1", Shape.ROW, new Struct(Shape.ROW).put("id", 1), 2)
            : new SinkRecord("t", 0, null, "1", null, Map.of("id", 1), 2);

    assertThat(unwrap.apply(tombstone)).isSameAs(tombstone);
    assertThat(unwrap.apply(plain)).isSameAs(plain);
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void recordsThatAreNotChangeEventsFailWhenStrict(Shape shape) {
    unwrap.configure(Map.of(CdcUnwrap.NON_ENVELOPE_CONFIG, "fail"));
    SinkRecord plain = new SinkRecord("t", 0, null, "1", null, Map.of("id", 1), 2);

    assertThatThrownBy(() -> unwrap.apply(plain))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("not a change event");
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void theRowSchemaWithMetadataIsBuiltOncePerInputSchema(Shape shape) {
    unwrap.configure(Map.of(CdcUnwrap.METADATA_FIELDS_CONFIG, "op"));

    Object first = unwrap.apply(shape.envelope("c", widget())).valueSchema();
    Object second = unwrap.apply(shape.envelope("u", widget())).valueSchema();

    assertThat(second).isSameAs(first);
  }
}
