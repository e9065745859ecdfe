package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 26: Elasticsearch's built-in index templates keep {@code logs-*-*} (and {@code
 * metrics-*-*}, {@code traces-*-*}, {@code synthetics-*-*}) for data streams, in the {@code logsdb}
 * index mode since 9.0, so a topic named {@code logs-app} cannot get its concrete index {@code
 * logs-app-v1}. The integ-test distribution has no built-in templates: the test puts in one of the
 * same kind, limited to its own topic. The task fails naming the setting to change, and the remedy
 * it names works.
 */
@Tag(Engine.TAG_ELASTICSEARCH_9)
class DataStreamNamesIT extends SharedStackTest {

  private String template;

  DataStreamNamesIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @AfterEach
  void deleteTemplate() {
    if (template != null) {
      elasticsearch.delete("/_index_template/" + template);
    }
  }

  @Test
  void anIndexNameADataStreamTemplateKeepsFailsTheTaskWithTheRemedyThatWorks() throws Exception {
    String topic = TestNames.unique("logs");
    template = topic + "-streams";
    elasticsearch.put(
        "/_index_template/" + template,
        "{\"index_patterns\":[\"" + topic + "-*\"],\"data_stream\":{},\"priority\":100}");
    connect.kafka().createTopic(topic, 1);
    List<Map.Entry<String, String>> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(new SimpleEntry<>("k" + i, ChangeLog.row(i, "line " + i)));
    }
    List<Kafka.Produced> produced = Kafka.produce(connect, topic, rows);

    String refused = createConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));
    assertThat(awaitTaskFailure(refused))
        .contains("Cannot create index '" + topic + "-v1' for topic '" + topic + "' partition 0")
        .contains("its name matches 'logs-*-*'")
        .contains("index.name.format")
        .contains("search-${topic}-v${version}");
    deleteConnector(refused);

    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("index.name.format", "search-${topic}-v${version}");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(1));
    Map<String, Kafka.Produced> expected = new HashMap<>();
    produced.forEach(record -> expected.put(record.key(), record));
    IndexAssertions.assertIndexHolds(elasticsearch, "search-" + topic + "-v1", expected);
  }
}
