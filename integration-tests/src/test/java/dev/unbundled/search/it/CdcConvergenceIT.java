package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A compacted CDC topic under a random mix of changes converges to exactly its latest state. */
@Tag(Engine.TAG_ELASTICSEARCH_9)
@Tag(Engine.TAG_OPENSEARCH_2)
class CdcConvergenceIT extends SharedStackTest {

  CdcConvergenceIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void indexEqualsTheLatestStateOfEveryKeyWhileChangesKeepArriving() throws Exception {
    String topic = TestNames.unique("cdc");
    connect.kafka().createTopic(topic, 4, 1, Map.of("cleanup.policy", "compact"));
    List<Map.Entry<String, String>> changes = ChangeLog.random(2_000, 32_000, 5, 2024);

    // Half before the connector starts (a rebuild from offset zero), half while it runs.
    List<Kafka.Produced> produced =
        new ArrayList<>(Kafka.produce(connect, topic, changes.subList(0, 16_000)));
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 2);
    config.put("batch.size", "500");
    String connector = startConnector(config);
    produced.addAll(Kafka.produce(connect, topic, changes.subList(16_000, changes.size())));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(3));

    Map<String, Kafka.Produced> expected = ChangeLog.latestLiveRecords(produced);
    assertThat(expected).hasSizeBetween(1_000, 1_990);
    IndexAssertions.assertIndexHolds(elasticsearch, topic + "-v1", expected);
    StatusTool.Result verify = new StatusTool(connect).run("verify", connector);
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
  }
}
