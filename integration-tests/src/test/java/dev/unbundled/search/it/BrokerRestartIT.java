package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.ConnectStack;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SearchStackExtension;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka broker restarts in the middle of a load. This test has a Kafka and Connect cluster of
 * its own, so the restart does not disturb the other tests.
 */
@Tag("slow")
@ExtendWith(SearchStackExtension.class)
class BrokerRestartIT {

  private final Elasticsearch elasticsearch;
  private EmbeddedConnectCluster connect;

  BrokerRestartIT(Elasticsearch elasticsearch) {
    this.elasticsearch = elasticsearch;
  }

  @BeforeEach
  void startOwnCluster() {
    connect = ConnectStack.start("broker-restart", 1);
  }

  @AfterEach
  void stopOwnCluster() {
    connect.stop();
  }

  @Test
  void theIndexConvergesAfterTheBrokerRestartsMidLoad() throws Exception {
    String topic = TestNames.unique("restart");
    connect.kafka().createTopic(topic, 3);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(10_000, 60_000, 10, 50));
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 2);
    config.put("batch.size", "200");
    config.put("max.in.flight.requests", "1");
    String connector = "sink-" + topic;
    connect.configureConnector(connector, config);
    connect
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(connector, 2, "Connector did not start");
    TestUtils.waitForCondition(
        () -> !Kafka.committedOffsets(connect, connector).isEmpty(),
        60_000,
        "nothing committed before the restart");

    long committedAtStop =
        Kafka.committedOffsets(connect, connector).values().stream()
            .mapToLong(Long::longValue)
            .sum();
    assertThat(committedAtStop)
        .as("the broker stops mid-load")
        .isLessThan(Kafka.endOffsets(produced).values().stream().mapToLong(Long::longValue).sum());
    connect.kafka().stopOnlyBrokers();
    Thread.sleep(10_000);
    connect.kafka().restartOnlyBrokers();

    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(4));
    IndexAssertions.assertIndexHolds(
        elasticsearch, topic + "-v1", ChangeLog.latestLiveRecords(produced));
  }
}
