package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.ConnectWorkers;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Connect cluster of three worker processes; one is killed with SIGKILL in the middle of a load.
 * Its tasks move to the other workers and the index converges to the topic.
 */
@Tag("slow")
class WorkerCrashIT extends SharedStackTest {

  WorkerCrashIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void tasksMoveOffAKilledWorkerAndTheIndexConverges() throws Exception {
    String topic = TestNames.unique("crash");
    connect.kafka().createTopic(topic, 3);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(10_000, 60_000, 10, 60));
    try (ConnectWorkers workers =
        ConnectWorkers.start(
            3, connect.kafka().bootstrapServers(), Path.of("target", "worker-crash", topic))) {
      String connector = "sink-" + topic;
      Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 3);
      config.put("batch.size", "200");
      config.put("max.in.flight.requests", "1");
      workers.worker(0).rest().putConnector(connector, config);
      long end = produced.size();
      TestUtils.waitForCondition(
          () -> workers.committed(connector) > 0, 120_000, "nothing committed before the crash");
      assertThat(workers.committed(connector)).as("the crash comes mid-load").isLessThan(end);

      workers.worker(2).kill();

      workers.awaitCommitted(connector, Kafka.endOffsets(produced), Duration.ofMinutes(4));
    }
    IndexAssertions.assertIndexHolds(
        elasticsearch, topic + "-v1", ChangeLog.latestLiveRecords(produced));
  }
}
