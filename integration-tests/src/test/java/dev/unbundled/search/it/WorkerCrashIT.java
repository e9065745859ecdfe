package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.ConnectStack;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.IndexAssertions;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import dev.unbundled.search.quickstart.JavaProcess;
import dev.unbundled.search.quickstart.LocalConnect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Connect cluster of three worker processes; one is killed with SIGKILL in the middle of a load.
 * Its tasks move to the other workers and the index converges to the topic.
 */
@Tag("slow")
class WorkerCrashIT extends SharedStackTest {

  private static final Path KAFKA_LIBS = Path.of("..", "quickstart", "target", "kafka-libs");

  private final List<LocalConnect> workers = new ArrayList<>();

  WorkerCrashIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @AfterEach
  void stopWorkers() {
    workers.forEach(LocalConnect::close);
  }

  @Test
  void tasksMoveOffAKilledWorkerAndTheIndexConverges() throws Exception {
    String topic = TestNames.unique("crash");
    connect.kafka().createTopic(topic, 3);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(10_000, 60_000, 10, 60));
    Path work = Files.createDirectories(Path.of("target", "worker-crash", topic));
    Path log4j = JavaProcess.writeLog4jConfig(work);
    String group = "crash-cluster-" + topic;
    ExecutorService starting = Executors.newFixedThreadPool(3);
    List<Future<LocalConnect>> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      started.add(
          starting.submit(
              () ->
                  LocalConnect.start(
                      KAFKA_LIBS,
                      work,
                      log4j,
                      connect.kafka().bootstrapServers(),
                      Path.of(System.getProperty(ConnectStack.PLUGIN_PATH_PROPERTY)),
                      group,
                      "scheduled.rebalance.max.delay.ms=3000")));
    }
    for (Future<LocalConnect> worker : started) {
      workers.add(worker.get(3, TimeUnit.MINUTES));
    }
    starting.shutdown();

    String connector = "sink-" + topic;
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 3);
    config.put("batch.size", "200");
    config.put("max.in.flight.requests", "1");
    workers.get(0).rest().putConnector(connector, config);
    long end = produced.size();
    try (Admin admin = connect.kafka().createAdminClient()) {
      TestUtils.waitForCondition(
          () -> committed(admin, connector) > 0, 120_000, "nothing committed before the crash");
      assertThat(committed(admin, connector)).as("the crash comes mid-load").isLessThan(end);

      workers.get(2).kill();

      TestUtils.waitForCondition(
          () -> committed(admin, connector) == end,
          240_000,
          () -> "committed " + committedSafely(admin, connector) + " of " + end);
    }
    IndexAssertions.assertIndexHolds(
        elasticsearch, topic + "-v1", ChangeLog.latestLiveRecords(produced));
  }

  private static long committed(Admin admin, String connector) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets("connect-" + connector)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    Map<TopicPartition, Long> plain = new HashMap<>();
    offsets.forEach((p, o) -> plain.put(p, o == null ? 0 : o.offset()));
    return plain.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String committedSafely(Admin admin, String connector) {
    try {
      return Long.toString(committed(admin, connector));
    } catch (Exception e) {
      return e.toString();
    }
  }
}
