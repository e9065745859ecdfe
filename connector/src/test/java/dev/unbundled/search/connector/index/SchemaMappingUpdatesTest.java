package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.convert.SchemaMapping;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
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
    SchemaMappingUpdates updates = new SchemaMappingUpdates(fake, SchemaMapping::of);

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
    SchemaMappingUpdates updates = new SchemaMappingUpdates(fake, SchemaMapping::of);
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
    SchemaMappingUpdates updates = new SchemaMappingUpdates(fake, SchemaMapping::of);

    updates.follow("items-v1", V2);
    updates.follow("items-v1", V1);
    updates.follow("items-v1", V2);

    assertThat(fake.added).hasSize(1);
  }

  @Test
  void aChangedTypeAddsNothing() throws IOException {
    FakeMappings fake = mappedAs(V1);
    SchemaMappingUpdates updates = new SchemaMappingUpdates(fake, SchemaMapping::of);
    Schema widened = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA).build();

    updates.follow("items-v1", widened);

    assertThat(fake.added).isEmpty();
    assertThat(fake.mappings.path("properties").path("id").path("type").asText())
        .isEqualTo("integer");
  }

  @Test
  void schemalessAndNonStructValuesAreLeftAlone() throws IOException {
    FakeMappings fake = mappedAs(V1);
    SchemaMappingUpdates updates = new SchemaMappingUpdates(fake, SchemaMapping::of);

    updates.follow("items-v1", null);
    updates.follow("items-v1", Schema.STRING_SCHEMA);

    assertThat(fake.reads).isZero();
    assertThat(fake.added).isEmpty();
  }

  @Test
  void aForgottenIndexIsReadAgain() throws IOException {
    FakeMappings fake = mappedAs(V1);
    SchemaMappingUpdates updates = new SchemaMappingUpdates(fake, SchemaMapping::of);

    updates.follow("items-v1", V1);
    updates.forget("items-v1");
    updates.follow("items-v1", V1);

    assertThat(fake.reads).as("read again after forget").isEqualTo(2);
  }
}
