package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SearchStackExtension;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import dev.unbundled.search.localstack.SearchServer;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code write.stall.timeout.ms=20000}, a task whose engine stays unreachable fails once no
 * write has been acknowledged for 20 seconds, and its trace in the Connect REST status holds the
 * last error and what to do (issue #25). Nothing it did not write was committed.
 */
class WriteStallTimeoutIT extends SharedStackTest {

  private static SearchServer server;

  WriteStallTimeoutIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @BeforeAll
  static void startOwnServer() throws Exception {
    server = SearchStackExtension.startOwnServer("stall", "512m");
  }

  @AfterAll
  static void stopOwnServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aStallLongerThanTheTimeoutFailsTheTaskWithTheLastError() throws Exception {
    Elasticsearch own = new Elasticsearch(server.url());
    String topic = TestNames.unique("stall");
    connect.kafka().createTopic(topic, 1);
    Kafka.produce(connect, topic, ChangeLog.random(100, 100, 10, 7));
    Map<String, String> config = SinkConfigs.jsonSink(topic, own, connect, 1, 1);
    config.put("write.stall.timeout.ms", "20000");
    String connector = startConnector(config);
    TestUtils.waitForCondition(
        () -> Kafka.committedOffsets(connect, connector).values().stream().anyMatch(o -> o == 100),
        60_000,
        "the first records were not written");

    server.stop();
    long stopped = System.nanoTime();
    Kafka.produce(connect, topic, ChangeLog.random(100, 100, 10, 8));
    String trace = awaitTaskFailure(connector);
    long failedAfterSeconds = (System.nanoTime() - stopped) / 1_000_000_000L;

    assertThat(failedAfterSeconds).isBetween(20L, 60L);
    assertThat(trace)
        .contains("No write acknowledged by the search engine for 2")
        .contains("'write.stall.timeout.ms'=20000")
        .contains("Last error: connection refused")
        .contains("raise 'write.stall.timeout.ms' (-1 waits forever)")
        .doesNotContain("Self-suppression");
    assertThat(Kafka.committedOffsets(connect, connector).values())
        .as("nothing written during the stall was committed")
        .containsOnly(100L);
  }
}
