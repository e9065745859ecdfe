package dev.unbundled.search.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A Kafka Connect distributed worker in a process of its own, with the plugin on plugin.path. */
final class LocalConnect implements AutoCloseable {

  private final JavaProcess process;
  private final ConnectRest rest;

  private LocalConnect(JavaProcess process, ConnectRest rest) {
    this.process = process;
    this.rest = rest;
  }

  static LocalConnect start(
      Path libs, Path work, Path log4jConfig, String bootstrapServers, Path pluginPath)
      throws IOException, InterruptedException {
    int port = JavaProcess.freePort();
    Path properties = work.resolve("connect-distributed.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "bootstrap.servers=" + bootstrapServers,
            "group.id=quickstart-connect",
            "key.converter=org.apache.kafka.connect.json.JsonConverter",
            "value.converter=org.apache.kafka.connect.json.JsonConverter",
            "config.storage.topic=quickstart-connect-configs",
            "offset.storage.topic=quickstart-connect-offsets",
            "status.storage.topic=quickstart-connect-status",
            "config.storage.replication.factor=1",
            "offset.storage.replication.factor=1",
            "status.storage.replication.factor=1",
            "offset.flush.interval.ms=2000",
            "listeners=http://127.0.0.1:" + port,
            "plugin.path=" + pluginPath,
            "plugin.discovery=service_load",
            ""));
    JavaProcess process =
        JavaProcess.start(
            "connect",
            libs,
            log4jConfig,
            work.resolve("logs/connect.log"),
            "org.apache.kafka.connect.cli.ConnectDistributed",
            properties.toString());
    LocalConnect connect = new LocalConnect(process, new ConnectRest("http://127.0.0.1:" + port));
    connect.awaitReady();
    return connect;
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Connect exited; see " + process.log());
      }
      if (rest.isReady()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("Connect did not start within 2 minutes; see " + process.log());
  }

  ConnectRest rest() {
    return rest;
  }

  Path log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }
}
