package dev.unbundled.search.tool.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordPipelineTest {

  private static SinkRecord record(String topic) {
    return new SinkRecord(topic, 0, Schema.STRING_SCHEMA, "k", null, Map.of("a", 1), 5);
  }

  @Test
  void transformsApplyInOrderAndPredicatesChooseTheRecords() {
    Map<String, String> connector =
        Map.of(
            "transforms", "route,drop",
            "transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter",
            "transforms.route.regex", "(.*)",
            "transforms.route.replacement", "$1-routed",
            "transforms.drop.type", "org.apache.kafka.connect.transforms.Filter",
            "transforms.drop.predicate", "isTest",
            "predicates", "isTest",
            "predicates.isTest.type",
                "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
            "predicates.isTest.pattern", "test-.*");
    try (RecordPipeline pipeline = new RecordPipeline(connector, Map.of())) {
      assertThat(pipeline.apply(record("orders")).orElseThrow().topic()).isEqualTo("orders-routed");
      assertThat(pipeline.apply(record("test-x"))).as("dropped by the filter").isEmpty();
    }
  }

  @Test
  void convertersComeFromTheConnectorThenTheWorkerThenSchemalessJson() {
    Map<String, String> connector =
        Map.of("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    Map<String, String> worker =
        Map.of(
            "key.converter", "org.apache.kafka.connect.json.JsonConverter",
            "value.converter", "org.apache.kafka.connect.storage.StringConverter");
    try (RecordPipeline pipeline = new RecordPipeline(connector, worker)) {
      assertThat(pipeline.keyConverter().getClass().getSimpleName()).isEqualTo("StringConverter");
      assertThat(pipeline.valueConverter().getClass().getSimpleName()).isEqualTo("StringConverter");
    }
    try (RecordPipeline pipeline = new RecordPipeline(Map.of(), Map.of())) {
      assertThat(pipeline.valueConverter().toConnectData("t", "{\"a\":1}".getBytes()).value())
          .isEqualTo(Map.of("a", 1L));
    }
  }
}
