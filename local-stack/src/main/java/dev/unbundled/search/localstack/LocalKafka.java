package dev.unbundled.search.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * A single-node KRaft broker (combined broker and controller) in a process of its own, with a
 * plaintext listener and, for tests of secured clusters, more listeners of their own.
 */
public final class LocalKafka implements AutoCloseable {

  /**
   * One more listener: {@code name} on {@code port}, speaking {@code securityProtocol}, with its
   * broker settings ({@code listener.name.<name>.*} lines and the like) in {@code properties}.
   */
  public record Listener(String name, String securityProtocol, int port, List<String> properties) {}

  private final JavaProcess process;
  private final String bootstrapServers;

  private LocalKafka(JavaProcess process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  public static LocalKafka start(Path libs, Path work, Path log4jConfig)
      throws IOException, InterruptedException {
    return start(libs, work, log4jConfig, List.of());
  }

  /** A broker with the plaintext listener (for brokers and workers) and {@code extra} ones. */
  public static LocalKafka start(Path libs, Path work, Path log4jConfig, List<Listener> extra)
      throws IOException, InterruptedException {
    Files.createDirectories(work.resolve("logs"));
    int port = JavaProcess.freePort();
    int controllerPort = JavaProcess.freePort();
    StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + port);
    StringBuilder advertised = new StringBuilder(listeners);
    listeners.append(",CONTROLLER://127.0.0.1:").append(controllerPort);
    StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    List<String> listenerProperties = new ArrayList<>();
    for (Listener listener : extra) {
      String address = "," + listener.name() + "://127.0.0.1:" + listener.port();
      listeners.append(address);
      advertised.append(address);
      protocols.append(',').append(listener.name()).append(':').append(listener.securityProtocol());
      listenerProperties.addAll(listener.properties());
    }
    Path properties = work.resolve("server.properties");
    List<String> lines =
        new ArrayList<>(
            List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + listeners,
                "advertised.listeners=" + advertised,
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=" + protocols,
                "log.dirs=" + work.resolve("kafka-data"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false"));
    lines.addAll(listenerProperties);
    lines.add("");
    Files.writeString(properties, String.join("\n", lines));
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

  /** The plaintext listener's address. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }
}
