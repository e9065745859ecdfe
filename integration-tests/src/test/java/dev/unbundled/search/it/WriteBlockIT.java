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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An index blocked for writes makes the connector wait and retry, not fail or drop anything. */
@Tag(Engine.TAG_OPENSEARCH_2)
class WriteBlockIT extends SharedStackTest {

  WriteBlockIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void writesWaitForABlockToBeLiftedAndTheIndexConverges() throws Exception {
    String topic = TestNames.unique("blocked");
    String index = topic + "-v1";
    connect.kafka().createTopic(topic, 2);
    List<Kafka.Produced> produced =
        new ArrayList<>(Kafka.produce(connect, topic, ChangeLog.random(500, 2_000, 8, 40)));
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("retry.backoff.ms", "200");
    config.put("max.retries", "15");
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    elasticsearch.put("/" + index + "/_settings", "{\"index.blocks.write\": true}");
    produced.addAll(Kafka.produce(connect, topic, ChangeLog.random(500, 2_000, 8, 41)));
    Thread.sleep(8_000);
    assertThat(connect.connectorStatus(connector).tasks())
        .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
    assertThat(Kafka.committedOffsets(connect, connector)).isNotEqualTo(Kafka.endOffsets(produced));

    elasticsearch.put("/" + index + "/_settings", "{\"index.blocks.write\": null}");
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));
    IndexAssertions.assertIndexHolds(elasticsearch, index, ChangeLog.latestLiveRecords(produced));
  }
}
