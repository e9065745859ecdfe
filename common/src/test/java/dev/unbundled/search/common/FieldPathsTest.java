package dev.unbundled.search.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class FieldPathsTest {

  private static final Schema INNER =
      SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).build();
  private static final Schema OUTER = SchemaBuilder.struct().field("order", INNER).build();

  @Test
  void dottedPathsReachThroughStructsAndMaps() {
    Struct struct = new Struct(OUTER).put("order", new Struct(INNER).put("id", "o-1"));

    assertThat(FieldPaths.get(struct, "order.id")).isEqualTo("o-1");
    assertThat(FieldPaths.get(Map.of("order", Map.of("id", 5)), "order.id")).isEqualTo(5);
    assertThat(FieldPaths.get(Map.of("order", struct.get("order")), "order.id")).isEqualTo("o-1");
  }

  @Test
  void aMissingStepGivesNull() {
    Struct struct = new Struct(OUTER).put("order", new Struct(INNER).put("id", "o-1"));

    assertThat(FieldPaths.get(struct, "order.missing")).isNull();
    assertThat(FieldPaths.get(struct, "order.id.deeper")).isNull();
    assertThat(FieldPaths.get(Map.of(), "order.id")).isNull();
    assertThat(FieldPaths.get(null, "order")).isNull();
  }

  @Test
  void aValidPathIsNamesSeparatedBySingleDots() {
    assertThat(FieldPaths.isValid("id")).isTrue();
    assertThat(FieldPaths.isValid("source.lsn")).isTrue();
    assertThat(FieldPaths.isValid("__source_lsn")).isTrue();
  }

  @Test
  void anEmptyNameAnywhereMakesAPathInvalid() {
    assertThat(FieldPaths.isValid(null)).isFalse();
    assertThat(FieldPaths.isValid("")).isFalse();
    assertThat(FieldPaths.isValid(".id")).isFalse();
    assertThat(FieldPaths.isValid("id.")).isFalse();
    assertThat(FieldPaths.isValid("source..lsn")).isFalse();
  }
}
