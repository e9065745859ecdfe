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

class RouteByFieldTest {

  private static RouteByField<SinkRecord> route(Map<String, String> config) {
    RouteByField<SinkRecord> transform = new RouteByField<>();
    transform.configure(config);
    return transform;
  }

  @Test
  void routesByAValueFieldWithForbiddenCharactersReplaced() {
    SinkRecord record =
        new SinkRecord("orders", 1, null, "k", null, Map.of("tenant", "ACME/Corp #1"), 9);

    SinkRecord routed = route(Map.of("field", "tenant")).apply(record);

    assertThat(routed.topic()).isEqualTo("orders-acme_corp__1");
    assertThat(routed.kafkaPartition()).isEqualTo(1);
    assertThat(routed.originalTopic()).isEqualTo("orders");
    assertThat(routed.originalKafkaOffset()).isEqualTo(9);
  }

  @Test
  void routesStructValuesWithACustomFormat() {
    Schema schema = SchemaBuilder.struct().field("region", Schema.STRING_SCHEMA).build();
    SinkRecord record =
        new SinkRecord("orders", 0, null, "k", schema, new Struct(schema).put("region", "eu"), 0);

    assertThat(
            route(Map.of("field", "region", "topic.format", "${field}.${topic}"))
                .apply(record)
                .topic())
        .isEqualTo("eu.orders");
  }

  @Test
  void routesByAHeaderIncludingTombstones() {
    SinkRecord tombstone = new SinkRecord("orders", 0, null, "k", null, null, 0);
    tombstone.headers().addString("tenant", "globex");

    assertThat(route(Map.of("header", "tenant")).apply(tombstone).topic())
        .isEqualTo("orders-globex");
  }

  @Test
  void aMissingFieldFailsOrKeepsTheTopic() {
    SinkRecord record = new SinkRecord("orders", 0, null, "k", null, Map.of(), 0);

    assertThatThrownBy(() -> route(Map.of("field", "tenant")).apply(record))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'tenant'");
    assertThat(route(Map.of("field", "tenant", "missing.handling", "keep")).apply(record).topic())
        .isEqualTo("orders");
  }

  @Test
  void exactlyOneOfFieldAndHeaderIsRequired() {
    assertThatThrownBy(() -> route(Map.of())).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> route(Map.of("field", "a", "header", "b")))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void theFormatMustUseTheField() {
    assertThatThrownBy(() -> route(Map.of("field", "a", "topic.format", "fixed")))
        .isInstanceOf(ConfigException.class);
  }
}
