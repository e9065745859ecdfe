package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.ConnectWorkers;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.FaultProxy;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.LiveLoad;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rebuild on a Connect cluster of three worker processes, each stopped and started again in turn
 * while v2 builds (a rolling restart, as a worker upgrade does): v1 keeps serving readers and
 * indexing live writes, v2 is promoted exactly once after the restarts, and both indexes end equal
 * to the topic.
 */
@Tag("slow")
class RollingRestartIT extends SharedStackTest {

  /**
   * v2 writes through a proxy that holds each bulk request this long, with batches of 50 and one
   * request in flight per task: about 600 records a second over three tasks, so that its build of
   * 60,000 records lasts well beyond three worker restarts; the delay is lifted after them.
   */
  private static final Duration SLOW_BULK = Duration.ofMillis(250);

  RollingRestartIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void v2IsPromotedExactlyOnceAfterEachWorkerRestartsDuringItsBuildAndBothIndexesEqualTheTopic()
      throws Exception {
    String topic = TestNames.unique("rolling");
    connect.kafka().createTopic(topic, 3);
    List<Kafka.Produced> produced =
        new CopyOnWriteArrayList<>(
            Kafka.produce(connect, topic, ChangeLog.random(5_000, 60_000, 10, 31)));
    String v1 = topic + "-search-v1";
    String v2 = topic + "-search-v2";
    try (ConnectWorkers workers =
            ConnectWorkers.start(
                3, connect.kafka().bootstrapServers(), Path.of("target", "rolling", topic));
        FaultProxy slow = FaultProxy.forwarding(URI.create(elasticsearch.url()))) {
      StatusTool tool = new StatusTool(workers.url());
      workers
          .worker(0)
          .rest()
          .putConnector(v1, SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 3));
      TestUtils.waitForCondition(
          () -> elasticsearch.aliasHolders(topic).equals(List.of(topic + "-v1")),
          180_000,
          "v1 never went live");

      LiveLoad load =
          LiveLoad.start(
              connect, topic, produced, 5_000, 50, Duration.ofMillis(200), elasticsearch);
      try {
        slow.delayBulkRequests(SLOW_BULK);
        StatusTool.Result reindexed =
            tool.run(
                "reindex",
                v1,
                "--set",
                "connection.url=" + slow.url(),
                "--set",
                "batch.size=50",
                "--set",
                "max.in.flight.requests=1",
                "--no-watch");
        assertThat(reindexed.exitCode()).as(reindexed.out() + reindexed.err()).isZero();
        TestUtils.waitForCondition(
            () ->
                elasticsearch.indexExists(topic + "-v2") && elasticsearch.count(topic + "-v2") > 0,
            120_000,
            "v2 did not start building");

        for (int i = 0; i < workers.size(); i++) {
          assertThat(elasticsearch.ownership(topic + "-v2").path("phase").asText())
              .as("v2 still builds when worker %d stops", i)
              .isEqualTo("BUILDING");
          assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v1");
          workers.worker(i).restart();
        }
        slow.delayBulkRequests(Duration.ZERO);

        StatusTool.Result live =
            tool.run("status", v2, "--until", "live", "--timeout", "2m", "--interval=1");
        assertThat(live.exitCode()).as(live.out() + live.err()).isZero();
      } finally {
        load.close();
      }

      Map<TopicPartition, Long> end = Kafka.endOffsets(produced);
      workers.awaitCommitted(v1, end, Duration.ofMinutes(2));
      workers.awaitCommitted(v2, end, Duration.ofMinutes(2));
      assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v2");
      assertThat(
              workers.logLinesContaining(
                  "{\"add\":{\"index\":\"" + topic + "-v2\",\"alias\":\"" + topic + "\"}}"))
          .as("alias moves onto v2 in the workers' logs")
          .isEqualTo(1);
      assertThat(load.failedReads()).as("reads through the alias that failed").isEmpty();
      assertThat(load.fewestSeen())
          .as("the fewest documents a reader saw (about 4,500 keys are live)")
          .isGreaterThan(4_000);
      Map<String, Kafka.Produced> latest = ChangeLog.latestLiveRecords(produced);
      IndexAssertions.assertIndexHolds(elasticsearch, topic + "-v1", latest);
      IndexAssertions.assertIndexHolds(elasticsearch, topic + "-v2", latest);
      for (String connector : List.of(v1, v2)) {
        StatusTool.Result verify = tool.run("verify", connector);
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).endsWith("MATCH\n");
      }
    }
  }
}
