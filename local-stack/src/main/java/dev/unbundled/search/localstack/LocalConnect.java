package dev.unbundled.search.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A Kafka Connect distributed worker in a process of its own, with the plugin on plugin.path. */
public final class LocalConnect implements AutoCloseable {

  private final Path libs;
  private final Path log4jConfig;
  private final Path properties;
  private final Path log;
  private final ConnectRest rest;
  private JavaProcess process;

  private LocalConnect(Path libs, Path log4jConfig, Path properties, Path log, ConnectRest rest) {
    this.libs = libs;
    this.log4jConfig = log4jConfig;
    this.properties = properties;
    this.log = log;
    this.rest = rest;
  }

  /** A worker whose {@code plugin.path} holds each of {@code pluginPath}. */
  public static LocalConnect start(
      Path libs, Path work, Path log4jConfig, String bootstrapServers, List<Path> pluginPath)
      throws IOException, InterruptedException {
    return start(
        libs,
        work,
        log4jConfig,
        bootstrapServers,
        pluginPath.stream().map(Path::toString).collect(Collectors.joining(",")),
        "quickstart-connect",
        "");
  }

  /**
   * Starts a worker of the Connect cluster {@code groupId} (its storage topics are named after it),
   * with extra worker settings in {@code extraProperties} (properties-file lines).
   */
  public static LocalConnect start(
      Path libs,
      Path work,
      Path log4jConfig,
      String bootstrapServers,
      Path pluginPath,
      String groupId,
      String extraProperties)
      throws IOException, InterruptedException {
    return start(
        libs, work, log4jConfig, bootstrapServers, pluginPath.toString(), groupId, extraProperties);
  }

  private static LocalConnect start(
      Path libs,
      Path work,
      Path log4jConfig,
      String bootstrapServers,
      String pluginPath,
      String groupId,
      String extraProperties)
      throws IOException, InterruptedException {
    int port = JavaProcess.freePort();
    Path properties =
        writeWorkerProperties(
            work,
            port,
            "http://127.0.0.1:" + port,
            bootstrapServers,
            pluginPath,
            groupId,
            extraProperties);
    LocalConnect connect =
        new LocalConnect(
            libs,
            log4jConfig,
            properties,
            work.resolve("logs/connect-" + port + ".log"),
            new ConnectRest("http://127.0.0.1:" + port));
    connect.launch();
    return connect;
  }

  private synchronized void launch() throws IOException, InterruptedException {
    process =
        JavaProcess.start(
            "connect",
            libs,
            log4jConfig,
            log,
            "org.apache.kafka.connect.cli.ConnectDistributed",
            properties.toString());
    awaitReady();
  }

  /**
   * Stops the worker as an orderly shutdown does (SIGTERM: its tasks stop and commit, it leaves the
   * group), then starts it again with the same settings, on the same port, logging to the same
   * file: one step of a rolling restart.
   */
  public synchronized void restart() throws IOException, InterruptedException {
    process.close();
    launch();
  }

  /**
   * Writes the properties of a distributed worker of the Connect cluster {@code groupId} (its
   * storage topics are named after it) listening on {@code listener}, with extra settings in {@code
   * extraProperties} (properties-file lines).
   *
   * @param pluginPath the worker's {@code plugin.path}: directories, comma-separated
   */
  public static Path writeWorkerProperties(
      Path work,
      int port,
      String listener,
      String bootstrapServers,
      String pluginPath,
      String groupId,
      String extraProperties)
      throws IOException {
    Files.createDirectories(work.resolve("logs"));
    Path properties = work.resolve("connect-distributed-" + port + ".properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "bootstrap.servers=" + bootstrapServers,
            "group.id=" + groupId,
            "key.converter=org.apache.kafka.connect.json.JsonConverter",
            "value.converter=org.apache.kafka.connect.json.JsonConverter",
            "config.storage.topic=" + groupId + "-configs",
            "offset.storage.topic=" + groupId + "-offsets",
            "status.storage.topic=" + groupId + "-status",
            "config.storage.replication.factor=1",
            "offset.storage.replication.factor=1",
            "status.storage.replication.factor=1",
            "offset.flush.interval.ms=2000",
            "listeners=" + listener,
            "plugin.path=" + pluginPath,
            "plugin.discovery=service_load",
            extraProperties,
            ""));
    return properties;
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

  public ConnectRest rest() {
    return rest;
  }

  public Path log() {
    return log;
  }

  /** Kills the worker at once ({@code kill -9}), as a crash would: no shutdown, no goodbyes. */
  public synchronized void kill() {
    process.kill();
  }

  @Override
  public synchronized void close() {
    process.close();
  }
}
