package dev.unbundled.search.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** A single-node KRaft broker (combined broker and controller) in a process of its own. */
final class LocalKafka implements AutoCloseable {

  private final JavaProcess process;
  private final String bootstrapServers;

  private LocalKafka(JavaProcess process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  static LocalKafka start(Path libs, Path work, Path log4jConfig)
      throws IOException, InterruptedException {
    int port = JavaProcess.freePort();
    int controllerPort = JavaProcess.freePort();
    Path properties = work.resolve("server.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + work.resolve("kafka-data"),
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            ""));
    String clusterId = JavaProcess.run(libs, "kafka.tools.StorageTool", "random-uuid").trim();
    JavaProcess.run(
        libs, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties.toString());
    JavaProcess process =
        JavaProcess.start(
            "kafka",
            libs,
            log4jConfig,
            work.resolve("logs/kafka.log"),
            "kafka.Kafka",
            properties.toString());
    LocalKafka kafka = new LocalKafka(process, "127.0.0.1:" + port);
    kafka.awaitReady();
    return kafka;
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("Kafka exited; see " + process.log());
        }
        try {
          admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
          return;
        } catch (Exception notYet) {
          Thread.sleep(500);
        }
      }
    }
    throw new IllegalStateException("Kafka did not start within 2 minutes; see " + process.log());
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  Path log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }
}
