package dev.unbundled.search.it.harness;

import dev.unbundled.search.localstack.JavaProcess;
import dev.unbundled.search.localstack.LocalConnect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.test.TestUtils;

/**
 * A Connect cluster of worker processes of its own (beside the shared embedded one), on the shared
 * Kafka broker, with the plugin installed: for tests that crash or restart workers. A worker that
 * leaves has its tasks moved to the others after 3 s, not the default 5 minutes.
 */
public final class ConnectWorkers implements AutoCloseable {

  private static final Path KAFKA_LIBS = Path.of("..", "local-stack", "target", "kafka-libs");

  private final List<LocalConnect> workers;
  private final Admin admin;

  private ConnectWorkers(List<LocalConnect> workers, String bootstrapServers) {
    this.workers = workers;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /**
   * Starts {@code count} workers of a new Connect cluster, in parallel, logging under {@code work}.
   */
  public static ConnectWorkers start(int count, String bootstrapServers, Path work)
      throws Exception {
    Files.createDirectories(work);
    Path log4j = JavaProcess.writeLog4jConfig(work);
    String group = "workers-" + work.getFileName();
    ExecutorService starting = Executors.newFixedThreadPool(count);
    List<Future<LocalConnect>> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      started.add(
          starting.submit(
              () ->
                  LocalConnect.start(
                      KAFKA_LIBS,
                      work,
                      log4j,
                      bootstrapServers,
                      Path.of(System.getProperty(ConnectStack.PLUGIN_PATH_PROPERTY)),
                      group,
                      "scheduled.rebalance.max.delay.ms=3000")));
    }
    List<LocalConnect> workers = new ArrayList<>();
    try {
      for (Future<LocalConnect> worker : started) {
        workers.add(worker.get(3, TimeUnit.MINUTES));
      }
    } catch (Exception e) {
      workers.forEach(LocalConnect::close);
      throw e;
    } finally {
      starting.shutdown();
    }
    return new ConnectWorkers(workers, bootstrapServers);
  }

  /** Worker {@code i}, counted from 0. */
  public LocalConnect worker(int i) {
    return workers.get(i);
  }

  public int size() {
    return workers.size();
  }

  /** The REST URL of the first worker (any worker forwards to the leader). */
  public String url() {
    return workers.get(0).rest().url();
  }

  /** The connector's committed offsets: those of its consumer group, read from the broker. */
  public Map<TopicPartition, Long> committedOffsets(String connector) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets("connect-" + connector)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    Map<TopicPartition, Long> plain = new HashMap<>();
    offsets.forEach(
        (partition, offset) -> plain.put(partition, offset == null ? 0 : offset.offset()));
    return plain;
  }

  /** The sum of the connector's committed offsets over its partitions. */
  public long committed(String connector) throws Exception {
    return committedOffsets(connector).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Waits until the connector has committed exactly {@code expected}. */
  public void awaitCommitted(String connector, Map<TopicPartition, Long> expected, Duration timeout)
      throws InterruptedException {
    TestUtils.waitForCondition(
        () -> committedOffsets(connector).equals(expected),
        timeout.toMillis(),
        () -> connector + " did not commit " + expected + "; committed: " + safely(connector));
  }

  private String safely(String connector) {
    try {
      return committedOffsets(connector).toString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  /** How many lines of all workers' logs contain {@code text}. */
  public long logLinesContaining(String text) throws IOException {
    long lines = 0;
    for (LocalConnect worker : workers) {
      try (var log = Files.lines(worker.log(), StandardCharsets.UTF_8)) {
        lines += log.filter(line -> line.contains(text)).count();
      }
    }
    return lines;
  }

  @Override
  public void close() {
    admin.close();
    workers.forEach(LocalConnect::close);
  }
}
