package dev.unbundled.search.connector.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class DocumentIdsTest {

  @Test
  void stringKeysAreUsedAsTheyAre() {
    assertThat(DocumentIds.fromKey("order-42")).isEqualTo("order-42");
  }

  @Test
  void numberAndBooleanKeysUseTheirPlainForm() {
    assertThat(DocumentIds.fromKey(42)).isEqualTo("42");
    assertThat(DocumentIds.fromKey(9_000_000_000L)).isEqualTo("9000000000");
    assertThat(DocumentIds.fromKey(true)).isEqualTo("true");
  }

  @Test
  void bytesKeysAreBase64() {
    byte[] bytes = "key".getBytes(StandardCharsets.UTF_8);
    assertThat(DocumentIds.fromKey(bytes)).isEqualTo("a2V5");
    assertThat(DocumentIds.fromKey(ByteBuffer.wrap(bytes))).isEqualTo("a2V5");
  }

  @Test
  void singleFieldStructKeyGivesTheFieldValue() {
    Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();

    assertThat(DocumentIds.fromKey(new Struct(schema).put("id", 42))).isEqualTo("42");
  }

  @Test
  void singleFieldMapKeyGivesTheFieldValue() {
    assertThat(DocumentIds.fromKey(Map.of("id", 42L))).isEqualTo("42");
  }

  @Test
  void multiFieldKeysJoinValuesInFieldOrder() {
    Schema schema =
        SchemaBuilder.struct()
            .field("tenant", Schema.STRING_SCHEMA)
            .field("id", Schema.INT64_SCHEMA)
            .build();
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("tenant", "acme");
    map.put("id", 7L);

    assertThat(DocumentIds.fromKey(new Struct(schema).put("tenant", "acme").put("id", 7L)))
        .isEqualTo("acme|7");
    assertThat(DocumentIds.fromKey(map)).isEqualTo("acme|7");
  }

  @Test
  void separatorsInsideValuesAreEscapedSoDifferentKeysNeverCollide() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("x", "a|b");
    a.put("y", "c");
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("x", "a");
    b.put("y", "b|c");

    assertThat(DocumentIds.fromKey(a)).isEqualTo("a\\|b|c");
    assertThat(DocumentIds.fromKey(b)).isEqualTo("a|b\\|c");
  }

  @Test
  void coordinatesGiveConfluentsTopicPartitionOffsetForm() {
    assertThat(DocumentIds.fromCoordinates("events", 3, 1234)).isEqualTo("events+3+1234");
  }

  @Test
  void valueFieldsAreFoundByDottedPathInStructsAndMaps() {
    Schema inner = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).build();
    Schema outer = SchemaBuilder.struct().field("order", inner).build();
    Struct value = new Struct(outer).put("order", new Struct(inner).put("id", "o-1"));

    assertThat(DocumentIds.fromValueField(value, "order.id")).isEqualTo("o-1");
    assertThat(DocumentIds.fromValueField(Map.of("order", Map.of("id", 5)), "order.id"))
        .isEqualTo("5");
    assertThatThrownBy(() -> DocumentIds.fromValueField(value, "order.missing"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("order.missing");
  }

  @Test
  void missingKeyIsAnError() {
    assertThatThrownBy(() -> DocumentIds.fromKey(null))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("no key");
  }

  @Test
  void idsOverElasticsearchsLimitAreRejectedNotTruncated() {
    String longKey = "é".repeat(257); // 514 bytes in UTF-8

    assertThatThrownBy(() -> DocumentIds.fromKey(longKey))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("514 bytes");
    assertThat(DocumentIds.fromKey("x".repeat(512))).hasSize(512);
  }
}
