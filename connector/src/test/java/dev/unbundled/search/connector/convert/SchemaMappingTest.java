package dev.unbundled.search.connector.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class SchemaMappingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void structFieldsGetTheTypesTheirSchemasDeclare() throws IOException {
    Schema address = SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA).build();
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("big", Schema.INT64_SCHEMA)
            .field("small", Schema.INT8_SCHEMA)
            .field("ratio", Schema.FLOAT32_SCHEMA)
            .field("active", Schema.BOOLEAN_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("price", Decimal.schema(2))
            .field("created", Timestamp.SCHEMA)
            .field("updated", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build())
            .field("day", SchemaBuilder.int32().name("io.debezium.time.Date").build())
            .field("at", SchemaBuilder.int64().name("io.debezium.time.MicroTime").build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field(
                "attributes", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
            .field("address", address)
            .build();

    assertThat(SchemaMapping.of(schema))
        .hasValue(
            (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(
                    """
                    {"properties":{
                      "id":{"type":"long"},
                      "big":{"type":"long"},
                      "small":{"type":"long"},
                      "ratio":{"type":"double"},
                      "active":{"type":"boolean"},
                      "name":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}},
                      "price":{"type":"double"},
                      "created":{"type":"date"},
                      "updated":{"type":"date"},
                      "day":{"type":"date"},
                      "at":{"type":"keyword"},
                      "tags":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}},
                      "address":{"properties":{
                        "city":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}}}}
                    }}
                    """));
  }

  @Test
  void everyIntegerWidthIsALongAndEveryFloatWidthADoubleSoAWidenedColumnFits() {
    Schema schema =
        SchemaBuilder.struct()
            .field("int8", Schema.INT8_SCHEMA)
            .field("int16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("int32", Schema.INT32_SCHEMA)
            .field("int64", Schema.INT64_SCHEMA)
            .field("float32", Schema.FLOAT32_SCHEMA)
            .field("float64", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("counts", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
            .build();

    ObjectNode properties = (ObjectNode) SchemaMapping.of(schema).orElseThrow().get("properties");

    for (String integer : new String[] {"int8", "int16", "int32", "int64", "counts"}) {
      assertThat(properties.path(integer).path("type").asText()).as(integer).isEqualTo("long");
    }
    for (String floating : new String[] {"float32", "float64"}) {
      assertThat(properties.path(floating).path("type").asText()).as(floating).isEqualTo("double");
    }
  }

  @Test
  void nonStructSchemasGiveNoMapping() {
    assertThat(SchemaMapping.of(Schema.STRING_SCHEMA)).isEmpty();
    assertThat(SchemaMapping.of(null)).isEmpty();
  }

  @Test
  void enumsAndUuidsAreKeywordsNotText() throws IOException {
    Schema avroEnum =
        SchemaBuilder.string()
            .name("shop.Status")
            .parameter("io.confluent.connect.avro.Enum", "shop.Status")
            .parameter("io.confluent.connect.avro.Enum.NEW", "NEW")
            .build();
    Schema generalizedEnum =
        SchemaBuilder.string()
            .name("shop.Kind")
            .parameter("org.apache.kafka.connect.data.Enum", "shop.Kind")
            .build();
    Schema schema =
        SchemaBuilder.struct()
            .field("status", avroEnum)
            .field("kind", generalizedEnum)
            .field(
                "state",
                SchemaBuilder.string()
                    .name("io.debezium.data.Enum")
                    .parameter("allowed", "new,paid")
                    .build())
            .field("flags", SchemaBuilder.string().name("io.debezium.data.EnumSet").build())
            .field("uid", SchemaBuilder.string().name("io.debezium.data.Uuid").build())
            .build();

    assertThat(SchemaMapping.of(schema))
        .hasValue(
            (ObjectNode)
                JSON.readTree(
                    """
                    {"properties":{
                      "status":{"type":"keyword"},
                      "kind":{"type":"keyword"},
                      "state":{"type":"keyword"},
                      "flags":{"type":"keyword"},
                      "uid":{"type":"keyword"}
                    }}
                    """));
  }
}
