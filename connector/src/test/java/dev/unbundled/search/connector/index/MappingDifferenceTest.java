package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.convert.SchemaMapping;
import java.io.IOException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** What a newer schema adds to a mapping in place, and what it cannot change. */
class MappingDifferenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aNewerSchemaAddsTheFieldsTheMappingLacksAtAnyDepth() throws IOException {
    JsonNode current =
        JSON.readTree(
            """
            {"dynamic":"true","_meta":{"x":1},"properties":{
              "id":{"type":"long"},
              "name":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}},
              "address":{"properties":{"city":{"type":"text"}}}
            }}
            """);
    Schema address =
        SchemaBuilder.struct()
            .field("city", Schema.STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    Schema newer =
        SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("address", address)
            .field("price", Decimal.builder(2).optional().build())
            .field(
                "shipped_at",
                SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .build();

    MappingDifference difference =
        MappingDifference.between(current, SchemaMapping.of(newer).orElseThrow());

    assertThat(difference.hasAdditions()).isTrue();
    assertThat(difference.additions())
        .isEqualTo(
            JSON.readTree(
                """
                {"properties":{
                  "address":{"properties":{"zip":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}}}},
                  "price":{"type":"double"},
                  "shipped_at":{"type":"date"}
                }}
                """));
    assertThat(difference.conflicts()).isEmpty();
  }

  @Test
  void aTypeTheMappingCannotChangeIsAConflictNotAnAddition() throws IOException {
    JsonNode current =
        JSON.readTree(
            """
            {"properties":{
              "quantity":{"type":"integer"},
              "note":{"type":"text"},
              "dims":{"properties":{"w":{"type":"float"}}}
            }}
            """);
    Schema newer =
        SchemaBuilder.struct()
            .field("quantity", Schema.INT64_SCHEMA)
            .field("note", SchemaBuilder.struct().field("text", Schema.STRING_SCHEMA).build())
            .field("dims", SchemaBuilder.struct().field("w", Schema.FLOAT64_SCHEMA).build())
            .build();

    MappingDifference difference =
        MappingDifference.between(current, SchemaMapping.of(newer).orElseThrow());

    assertThat(difference.hasAdditions()).isFalse();
    assertThat(difference.conflicts())
        .map(MappingDifference.Conflict::toString)
        .containsExactly(
            "quantity is mapped as integer, the schema says long",
            "note is mapped as text, the schema says object",
            "dims.w is mapped as float, the schema says double");
    assertThat(difference.incompatible())
        .as("a narrower number takes the values that fit; text takes no object")
        .map(MappingDifference.Conflict::path)
        .containsExactly("note");
  }

  @Test
  void onlyATypeOfAnotherKindIsIncompatible() throws IOException {
    JsonNode current =
        JSON.readTree(
            """
            {"properties":{
              "stock":{"type":"long"},
              "label":{"type":"keyword"},
              "at":{"type":"date"},
              "epoch":{"type":"date"},
              "address":{"properties":{"city":{"type":"text"}}},
              "flag":{"type":"boolean"},
              "where":{"type":"geo_point"}
            }}
            """);
    Schema newer =
        SchemaBuilder.struct()
            .field("stock", Schema.STRING_SCHEMA)
            .field("label", Schema.INT64_SCHEMA)
            .field("at", Schema.STRING_SCHEMA)
            .field("epoch", Schema.INT64_SCHEMA)
            .field("address", Schema.STRING_SCHEMA)
            .field("flag", Schema.INT32_SCHEMA)
            .field("where", Schema.STRING_SCHEMA)
            .build();

    MappingDifference difference =
        MappingDifference.between(current, SchemaMapping.of(newer).orElseThrow());

    assertThat(difference.incompatible())
        .containsExactly(
            new MappingDifference.Conflict("stock", "long", "text"),
            new MappingDifference.Conflict("at", "date", "text"),
            new MappingDifference.Conflict("address", "object", "text"),
            new MappingDifference.Conflict("flag", "boolean", "long"));
  }

  @Test
  void theSameSchemaAgainChangesNothing() {
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("json", SchemaBuilder.string().name("io.debezium.data.Json").build())
            .build();
    ObjectNode mapping = SchemaMapping.of(schema).orElseThrow();

    MappingDifference difference = MappingDifference.between(mapping, mapping);

    assertThat(difference.hasAdditions()).isFalse();
    assertThat(difference.conflicts()).isEmpty();
  }
}
