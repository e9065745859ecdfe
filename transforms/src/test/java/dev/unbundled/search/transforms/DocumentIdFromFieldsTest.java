package dev.unbundled.search.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class DocumentIdFromFieldsTest {

  private static final Schema VALUE =
      SchemaBuilder.struct()
          .field("tenant", Schema.STRING_SCHEMA)
          .field("id", Schema.INT64_SCHEMA)
          .field("note", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  private static SinkRecord withValue(Schema schema, Object value) {
    return new SinkRecord("t", 0, null, null, schema, value, 0);
  }

  private static DocumentIdFromFields<SinkRecord> value(Map<String, String> config) {
    DocumentIdFromFields<SinkRecord> transform = new DocumentIdFromFields.Value<>();
    transform.configure(config);
    return transform;
  }

  @Test
  void joinsValueFieldsInOrderIntoAStringKey() {
    Struct struct = new Struct(VALUE).put("tenant", "acme").put("id", 7L);

    SinkRecord result = value(Map.of("fields", "tenant,id")).apply(withValue(VALUE, struct));

    assertThat(result.key()).isEqualTo("acme|7");
    assertThat(result.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
    assertThat(result.value()).isSameAs(struct);
  }

  @Test
  void worksOnSchemalessValuesWithNestedPaths() {
    SinkRecord result =
        value(Map.of("fields", "customer.id,n"))
            .apply(withValue(null, Map.of("customer", Map.of("id", "c-1"), "n", 3)));

    assertThat(result.key()).isEqualTo("c-1|3");
  }

  @Test
  void separatorsAndBackslashesInValuesAreEscaped() {
    DocumentIdFromFields<SinkRecord> transform = value(Map.of("fields", "a,b", "separator", "::"));

    assertThat(transform.apply(withValue(null, Map.of("a", "x::y", "b", "z"))).key())
        .isEqualTo("x\\::y::z");
    assertThat(transform.apply(withValue(null, Map.of("a", "x", "b", "y::z"))).key())
        .isEqualTo("x::y\\::z");
    assertThat(transform.apply(withValue(null, Map.of("a", "back\\slash", "b", "q"))).key())
        .isEqualTo("back\\\\slash::q");
  }

  @Test
  void aMissingOrNullFieldIsAnErrorNamingIt() {
    Struct struct = new Struct(VALUE).put("tenant", "acme").put("id", 7L);

    assertThatThrownBy(() -> value(Map.of("fields", "tenant,note")).apply(withValue(VALUE, struct)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'note'");
    assertThatThrownBy(() -> value(Map.of("fields", "nope")).apply(withValue(null, Map.of())))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void longIdsAreHashedOrRejected() {
    SinkRecord record = withValue(null, Map.of("a", "x".repeat(600)));

    assertThat((String) value(Map.of("fields", "a")).apply(record).key())
        .hasSize(64)
        .matches("[0-9a-f]+");
    assertThatThrownBy(() -> value(Map.of("fields", "a", "long.id.handling", "fail")).apply(record))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("600 bytes");
  }

  @Test
  void tombstonesKeepTheirKey() {
    SinkRecord tombstone = new SinkRecord("t", 0, null, "k", null, null, 0);

    assertThat(value(Map.of("fields", "id")).apply(tombstone)).isSameAs(tombstone);
  }

  @Test
  void theKeyVariantTurnsAStructKeyIntoAStringId() {
    Schema keySchema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    DocumentIdFromFields<SinkRecord> transform = new DocumentIdFromFields.Key<>();
    transform.configure(Map.of("fields", "id"));

    SinkRecord result =
        transform.apply(
            new SinkRecord("t", 0, keySchema, new Struct(keySchema).put("id", 42), null, null, 0));

    assertThat(result.key()).isEqualTo("42");
  }

  @Test
  void fieldsAreRequired() {
    assertThatThrownBy(() -> value(Map.of())).isInstanceOf(ConfigException.class);
  }
}
