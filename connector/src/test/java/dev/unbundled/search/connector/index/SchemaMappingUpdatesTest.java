package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.convert.SchemaMapping;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class SchemaMappingUpdatesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An index mapping in memory that records what was asked of it. */
  private static final class FakeMappings implements SchemaMappingUpdates.Mappings {
    ObjectNode mappings = JSON.createObjectNode();
    boolean refuse;
    int reads;
    final List<String> added = new ArrayList<>();

    @Override
    public JsonNode read(String index) {
      reads++;
      return mappings.deepCopy();
    }

    @Override
    public boolean add(String index, ObjectNode additions) {
      added.add(additions.toString());
      if (refuse) {
        return false;
      }
      ObjectNode properties = mappings.with("properties");
      additions
          .path("properties")
          .properties()
          .forEach(f -> properties.set(f.getKey(), f.getValue()));
      return true;
    }
  }

  private static final Schema V1 =
      SchemaBuilder.struct().name("row").field("id", Schema.INT32_SCHEMA).build();
  private static final Schema V2 =
      SchemaBuilder.struct()
          .name("row")
          .field("id", Schema.INT32_SCHEMA)
          .field("at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build())
          .build();

  private static FakeMappings mappedAs(Schema schema) {
    FakeMappings fake = new FakeMappings();
    fake.mappings = SchemaMapping.of(schema).orElseThrow();
    return fake;
  }

  @Test
  void aSchemaWithNewFieldsAddsThemOnceBeforeItsFirstRecord() throws IOException {
    FakeMappings fake = mappedAs(V1);
    SchemaMappingUpdates updates =
        new SchemaMappingUpdates(fake, SchemaMapping::of, "items-search-v1");

    updates.follow("items-v1", V1);
    updates.follow("items-v1", V2);
    updates.follow("items-v1", V2);
    updates.follow("items-v1", V1);

    assertThat(fake.added).containsExactly("{\"properties\":{\"at\":{\"type\":\"date\"}}}");
    assertThat(fake.mappings.path("properties").path("at").path("type").asText()).isEqualTo("date");
  }

  @Test
  void anEqualSchemaInAnotherInstanceAsksNothingMore() throws IOException {
    FakeMappings fake = mappedAs(V1);
    SchemaMappingUpdates updates =
        new SchemaMappingUpdates(fake, SchemaMapping::of, "items-search-v1");
    Schema sameAsV2 =
        SchemaBuilder.struct()
            .name("row")
            .field("id", Schema.INT32_SCHEMA)
            .field("at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build())
            .build();

    updates.follow("items-v1", V2);
    int reads = fake.reads;
    updates.follow("items-v1", sameAsV2);

    assertThat(fake.added).hasSize(1);
    assertThat(fake.reads).as("no request for a schema already compared").isEqualTo(reads);
  }

  @Test
  void aRefusedAdditionIsLeftToElasticsearchAndNotRetriedForThatSchema() throws IOException {
    FakeMappings fake = mappedAs(V1);
    fake.refuse = true;
    SchemaMappingUpdates updates =
        new SchemaMappingUpdates(fake, SchemaMapping::of, "items-search-v1");

    updates.follow("items-v1", V2);
    updates.follow("items-v1", V1);
    updates.follow("items-v1", V2);

    assertThat(fake.added).hasSize(1);
  }

  @Test
  void aColumnWidenedFromInt32ToInt64NeedsNoMappingUpdateAndIsAccepted() throws IOException {
    FakeMappings fake = mappedAs(V1);
    SchemaMappingUpdates updates =
        new SchemaMappingUpdates(fake, SchemaMapping::of, "items-search-v1");
    Schema widened = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA).build();

    updates.follow("items-v1", V1);
    updates.follow("items-v1", widened);

    assertThat(fake.added).isEmpty();
    assertThat(fake.mappings.path("properties").path("id").path("type").asText()).isEqualTo("long");
  }

  @Test
  void aNarrowerNumberMappedBeforeIsNoReasonToRefuseTheRecord() throws IOException {
    FakeMappings fake = new FakeMappings();
    fake.mappings.putObject("properties").putObject("id").put("type", "integer");
    SchemaMappingUpdates updates =
        new SchemaMappingUpdates(fake, SchemaMapping::of, "items-search-v1");
    Schema widened = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA).build();

    updates.follow("items-v1", widened);

    assertThat(fake.added).isEmpty();
  }

  @Test
  void aLongBecomeAStringIsEveryRecordsFailureNamingFieldTypesAndRemedy() throws IOException {
    FakeMappings fake = mappedAs(V1);
    SchemaMappingUpdates updates =
        new SchemaMappingUpdates(fake, SchemaMapping::of, "items-search-v1");
    Schema retyped =
        SchemaBuilder.struct()
            .name("row")
            .field("id", Schema.STRING_SCHEMA)
            .field("added", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    for (int record = 0; record < 2; record++) {
      assertThatThrownBy(() -> updates.follow("items-v1", retyped))
          .isInstanceOf(MappingConflictException.class)
          .isInstanceOf(DataException.class)
          .hasMessageContaining("Index 'items-v1'")
          .hasMessageContaining("field 'id' is mapped as [long]")
          .hasMessageContaining("the record's schema needs [text]")
          .hasMessageContaining(
              "search-sink reindex items-search-v1 --set index.mappings=@mappings.json");
    }
    updates.follow("items-v1", V1);

    assertThat(fake.added).as("a schema that cannot be written changes nothing").isEmpty();
  }

  @Test
  void aStructBecomeAScalarIsRefused() throws IOException {
    Schema address = SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA).build();
    FakeMappings fake =
        mappedAs(SchemaBuilder.struct().name("row").field("address", address).build());
    SchemaMappingUpdates updates =
        new SchemaMappingUpdates(fake, SchemaMapping::of, "items-search-v1");
    Schema flattened =
        SchemaBuilder.struct().name("row").field("address", Schema.STRING_SCHEMA).build();

    assertThatThrownBy(() -> updates.follow("items-v1", flattened))
        .isInstanceOf(MappingConflictException.class)
        .hasMessageContaining("field 'address' is mapped as [object]");
  }

  @Test
  void aFieldAnotherPartyMappedFirstAsAnotherKindIsRefusedOnceKnown() throws IOException {
    FakeMappings fake = mappedAs(V1);
    SchemaMappingUpdates updates =
        new SchemaMappingUpdates(fake, SchemaMapping::of, "items-search-v1");
    updates.follow("items-v1", V1);
    // Dynamic mapping (or another task) mapped "at" as a number before this task could add it.
    fake.refuse = true;
    fake.mappings.with("properties").putObject("at").put("type", "long");

    assertThatThrownBy(() -> updates.follow("items-v1", V2))
        .isInstanceOf(MappingConflictException.class)
        .hasMessageContaining("field 'at' is mapped as [long]")
        .hasMessageContaining("needs [date]");
    assertThat(fake.added).hasSize(1);
  }

  @Test
  void schemalessAndNonStructValuesAreLeftAlone() throws IOException {
    FakeMappings fake = mappedAs(V1);
    SchemaMappingUpdates updates =
        new SchemaMappingUpdates(fake, SchemaMapping::of, "items-search-v1");

    updates.follow("items-v1", null);
    updates.follow("items-v1", Schema.STRING_SCHEMA);

    assertThat(fake.reads).isZero();
    assertThat(fake.added).isEmpty();
  }

  @Test
  void aForgottenIndexIsReadAgain() throws IOException {
    FakeMappings fake = mappedAs(V1);
    SchemaMappingUpdates updates =
        new SchemaMappingUpdates(fake, SchemaMapping::of, "items-search-v1");

    updates.follow("items-v1", V1);
    updates.forget("items-v1");
    updates.follow("items-v1", V1);

    assertThat(fake.reads).as("read again after forget").isEqualTo(2);
  }
}
