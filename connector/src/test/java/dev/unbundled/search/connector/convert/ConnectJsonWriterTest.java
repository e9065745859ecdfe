package dev.unbundled.search.connector.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class ConnectJsonWriterTest {

  private static String json(Schema schema, Object value) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      ConnectJsonWriter.write(g, schema, value);
    }
    return out.toString();
  }

  @Test
  void structWithSchemaKeepsFieldOrderAndNulls() throws IOException {
    Schema address = SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA).build();
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("active", Schema.BOOLEAN_SCHEMA)
            .field("score", Schema.FLOAT64_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("address", address)
            .build();
    Struct value =
        new Struct(schema)
            .put("id", 7L)
            .put("name", null)
            .put("active", true)
            .put("score", 1.5)
            .put("tags", List.of("a", "b"))
            .put("address", new Struct(address).put("city", "Oslo"));

    assertThat(json(schema, value))
        .isEqualTo(
            "{\"id\":7,\"name\":null,\"active\":true,\"score\":1.5,\"tags\":[\"a\",\"b\"],"
                + "\"address\":{\"city\":\"Oslo\"}}");
  }

  @Test
  void schemalessMapsAndListsNest() throws IOException {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("n", 1);
    value.put("list", List.of(Map.of("x", "y"), 2L));
    value.put("missing", null);

    assertThat(json(null, value))
        .isEqualTo("{\"n\":1,\"list\":[{\"x\":\"y\"},2],\"missing\":null}");
  }

  @Test
  void mapsWithNonStringKeysUseTheKeysStringForm() throws IOException {
    Schema schema = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build();
    Map<Integer, String> value = new LinkedHashMap<>();
    value.put(1, "one");

    assertThat(json(schema, value)).isEqualTo("{\"1\":\"one\"}");
  }

  @Test
  void primitivesOfEveryWidth() throws IOException {
    assertThat(json(Schema.INT8_SCHEMA, (byte) 8)).isEqualTo("8");
    assertThat(json(Schema.INT16_SCHEMA, (short) 16)).isEqualTo("16");
    assertThat(json(Schema.INT32_SCHEMA, 32)).isEqualTo("32");
    assertThat(json(Schema.INT64_SCHEMA, Long.MAX_VALUE)).isEqualTo("9223372036854775807");
    assertThat(json(Schema.FLOAT32_SCHEMA, 0.5f)).isEqualTo("0.5");
    assertThat(json(Schema.STRING_SCHEMA, "q\"uote")).isEqualTo("\"q\\\"uote\"");
  }

  @Test
  void bytesBecomeBase64() throws IOException {
    byte[] bytes = "hi".getBytes(StandardCharsets.UTF_8);

    assertThat(json(Schema.BYTES_SCHEMA, bytes)).isEqualTo("\"aGk=\"");
    assertThat(json(Schema.BYTES_SCHEMA, ByteBuffer.wrap(bytes))).isEqualTo("\"aGk=\"");
  }

  @Test
  void decimalsAreExactNumbers() throws IOException {
    Schema schema = Decimal.schema(2);

    assertThat(json(schema, new BigDecimal("12345678901234567890.12")))
        .isEqualTo("12345678901234567890.12");
  }

  @Test
  void logicalDateTimeAndTimestampBecomeIsoStrings() throws IOException {
    Instant instant = Instant.parse("2024-03-05T10:15:30.250Z");
    java.util.Date day = java.util.Date.from(Instant.parse("2024-03-05T00:00:00Z"));
    java.util.Date timeOfDay = new java.util.Date((10 * 3600 + 15 * 60 + 30) * 1000L + 250);

    assertThat(json(Date.SCHEMA, day)).isEqualTo("\"2024-03-05\"");
    assertThat(json(Time.SCHEMA, timeOfDay)).isEqualTo("\"10:15:30.250\"");
    assertThat(json(Timestamp.SCHEMA, java.util.Date.from(instant)))
        .isEqualTo("\"2024-03-05T10:15:30.250Z\"");
  }

  private static Schema named(Schema.Type type, String name) {
    return new SchemaBuilder(type).name(name).build();
  }

  @Test
  void debeziumDatesAndTimestampsBecomeIsoStrings() throws IOException {
    assertThat(json(named(Schema.Type.INT32, "io.debezium.time.Date"), 19_787))
        .isEqualTo("\"2024-03-05\"");
    assertThat(json(named(Schema.Type.INT64, "io.debezium.time.Timestamp"), 1_709_633_730_250L))
        .isEqualTo("\"2024-03-05T10:15:30.250Z\"");
    assertThat(
            json(
                named(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"),
                1_709_633_730_250_001L))
        .isEqualTo("\"2024-03-05T10:15:30.250001Z\"");
    assertThat(
            json(
                named(Schema.Type.INT64, "io.debezium.time.NanoTimestamp"),
                1_709_633_730_250_000_123L))
        .isEqualTo("\"2024-03-05T10:15:30.250000123Z\"");
    assertThat(json(named(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"), -1L))
        .isEqualTo("\"1969-12-31T23:59:59.999999Z\"");
    assertThat(
            json(
                named(Schema.Type.STRING, "io.debezium.time.ZonedTimestamp"),
                "2024-03-05T10:15:30+01:00"))
        .isEqualTo("\"2024-03-05T10:15:30+01:00\"");
  }

  @Test
  void debeziumTimesOfDayBecomeIsoTimes() throws IOException {
    assertThat(json(named(Schema.Type.INT32, "io.debezium.time.Time"), 36_930_250))
        .isEqualTo("\"10:15:30.250\"");
    assertThat(json(named(Schema.Type.INT64, "io.debezium.time.MicroTime"), 36_930_250_001L))
        .isEqualTo("\"10:15:30.250001\"");
  }

  @Test
  void debeziumVariableScaleDecimalsAreExactNumbers() throws IOException {
    Schema schema =
        SchemaBuilder.struct()
            .name("io.debezium.data.VariableScaleDecimal")
            .field("scale", Schema.INT32_SCHEMA)
            .field("value", Schema.BYTES_SCHEMA)
            .build();
    Struct value =
        new Struct(schema)
            .put("scale", 3)
            .put("value", new java.math.BigInteger("-1234567").toByteArray());

    assertThat(json(schema, value)).isEqualTo("-1234.567");
  }

  @Test
  void debeziumJsonColumnsAreEmbeddedAsJson() throws IOException {
    assertThat(json(named(Schema.Type.STRING, "io.debezium.data.Json"), "{\"a\": [1, true]}"))
        .isEqualTo("{\"a\":[1,true]}");
  }

  @Test
  void unsupportedTypesAreADataError() {
    assertThatThrownBy(() -> json(null, new Object()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("java.lang.Object");
  }
}
