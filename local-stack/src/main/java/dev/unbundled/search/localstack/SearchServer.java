package dev.unbundled.search.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real search server, Elasticsearch or OpenSearch, run as a separate process from its unpacked
 * distribution, on free loopback ports, with its configuration, data and logs in a directory of its
 * own that is removed when it stops (the logs are kept first). What the engines share lives here;
 * {@link ElasticsearchServer} and {@link OpenSearchServer} say how each is launched.
 *
 * <p>Both refuse to run as root, so when the build runs as root the server runs as {@link
 * ServerUser}, which owns its run directory.
 */
public abstract class SearchServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final String product;
  private final RunDirectory run;
  private final Path keptLogs;
  private final ProcessBuilder launcher;
  private final List<String> command;
  private final List<String> bootstrapArguments;
  private final String readiness;
  private final URI url;
  private final Thread shutdownHook;
  private Process process;
  private boolean launched;
  private Duration startTime;

  /**
   * Where a server listens and how it finds its cluster.
   *
   * @param name the node's name
   * @param discovery how it finds the other nodes ({@code discovery.type=single-node} alone, or
   *     {@code discovery.seed_hosts} in a cluster)
   * @param bootstrap settings for its very first start only ({@code cluster.initial_master_nodes}):
   *     a node that comes back with no data must join the cluster that exists, never bootstrap a
   *     new one
   * @param readiness the query of {@code /_cluster/health} that answers 200 once the server is up
   */
  public record Node(
      String name,
      int httpPort,
      int transportPort,
      Map<String, String> discovery,
      Map<String, String> bootstrap,
      String readiness) {

    /** A cluster of its own, on free ports, ready once yellow. */
    static Node single() throws IOException {
      return new Node(
          "it-node",
          freePort(),
          freePort(),
          Map.of("discovery.type", "single-node"),
          Map.of(),
          "wait_for_status=yellow");
    }
  }

  /**
   * Where one server keeps its files: a copy of the distribution's {@code config} (which the server
   * writes to: its keystore) and its own {@code data}, {@code logs} and {@code tmp}.
   */
  protected record RunDirectory(Path root) {

    static RunDirectory create(Path distribution) throws IOException {
      RunDirectory run = new RunDirectory(Files.createTempDirectory("unbundled-search-server-"));
      copyTree(distribution.resolve("config"), run.config());
      for (Path dir : List.of(run.data(), run.logs(), run.tmp())) {
        Files.createDirectories(dir);
      }
      return run;
    }

    public Path config() {
      return root.resolve("config");
    }

    public Path data() {
      return root.resolve("data");
    }

    public Path logs() {
      return root.resolve("logs");
    }

    public Path tmp() {
      return root.resolve("tmp");
    }

    Path console() {
      return logs().resolve("console.log");
    }
  }

  /**
   * How an engine is launched.
   *
   * @param product what the server is, for messages ("OpenSearch 2.19.6")
   * @param executable the distribution's start script
   * @param environment variables for the start script (Java home, config path, heap)
   * @param settings the engine's own settings, on top of those every server gets
   * @param https whether it answers on https
   */
  protected record Launch(
      String product,
      Path executable,
      Map<String, String> environment,
      Map<String, String> settings,
      boolean https) {}

  /** Starts the process, a single-node cluster; {@link #awaitStarted} waits until it answers. */
  protected SearchServer(Launch launch, RunDirectory run, Path keptLogs)
      throws IOException, InterruptedException {
    this(launch, run, keptLogs, Node.single());
  }

  /** Starts the process as {@code node}; {@link #awaitStarted} waits until it answers. */
  protected SearchServer(Launch launch, RunDirectory run, Path keptLogs, Node node)
      throws IOException, InterruptedException {
    this.product = launch.product();
    this.run = run;
    this.keptLogs = keptLogs;
    Map<String, String> settings = new LinkedHashMap<>(launch.settings());
    settings.putAll(
        Map.of(
            "cluster.name", "unbundled-search-it",
            "node.name", node.name(),
            "network.host", "127.0.0.1",
            "http.port", Integer.toString(node.httpPort()),
            "transport.port", Integer.toString(node.transportPort()),
            "path.data", run.data().toString(),
            "path.logs", run.logs().toString(),
            "cluster.routing.allocation.disk.threshold_enabled", "false"));
    settings.putAll(node.discovery());
    command = new ArrayList<>(ServerUser.commandPrefix());
    command.add(launch.executable().toString());
    settings.forEach((key, value) -> command.addAll(List.of("-E", key + "=" + value)));
    bootstrapArguments = new ArrayList<>();
    node.bootstrap()
        .forEach((key, value) -> bootstrapArguments.addAll(List.of("-E", key + "=" + value)));
    readiness = node.readiness();
    launcher = new ProcessBuilder().directory(run.root().toFile());
    launcher.environment().remove("JAVA_TOOL_OPTIONS");
    launcher.environment().putAll(launch.environment());
    launcher.redirectErrorStream(true);
    url = URI.create((launch.https() ? "https" : "http") + "://127.0.0.1:" + node.httpPort());
    shutdownHook = new Thread(this::stopProcess, "stop-search-server");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    launch();
  }

  /**
   * Waits until the server answers, or stops it and says why it did not start.
   *
   * @param startedNanos when preparing the server began, for {@link #startTime()}
   */
  protected final void awaitStarted(long startedNanos) {
    try {
      awaitReady();
    } catch (IOException | InterruptedException | RuntimeException e) {
      String console = consoleTail();
      close();
      throw new IllegalStateException(
          product + " did not start: " + e.getMessage() + "\n--- console ---\n" + console, e);
    }
    startTime = Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  public URI url() {
    return url;
  }

  /** What this server is, such as "OpenSearch 2.19.6". */
  public String product() {
    return product;
  }

  /** Stops the server and keeps its data, as an outage would; {@link #restart()} brings it back. */
  public synchronized void stop() {
    stopProcess();
  }

  /** Starts the server again on the same ports and data, and waits until it answers. */
  public synchronized void restart() throws IOException, InterruptedException {
    stopProcess();
    launch();
    awaitReady();
  }

  /**
   * Kills the server at once (SIGKILL), as a crash or a pulled plug would: no shutdown, no flush.
   * {@link #restart()} brings it back.
   */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
      for (ProcessHandle descendant : descendants) {
        descendant.onExit().get(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("A process of " + product + " outlived SIGKILL", e);
    }
  }

  /**
   * Deletes everything the server stored, as losing its disk would; only while it is stopped. Its
   * next start is a new node that has never been part of any cluster.
   */
  public synchronized void wipeData() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(product + " still runs: stop or kill it first");
    }
    deleteTree(run.data());
    Files.createDirectories(run.data());
  }

  /** How long it took from preparing the server to a healthy cluster. */
  public Duration startTime() {
    return startTime;
  }

  private void launch() throws IOException, InterruptedException {
    ServerUser.own(run.root());
    List<String> arguments = new ArrayList<>(command);
    if (!launched) {
      arguments.addAll(bootstrapArguments);
    }
    launched = true;
    launcher.command(arguments);
    launcher.redirectOutput(ProcessBuilder.Redirect.appendTo(run.console().toFile()));
    process = launcher.start();
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    boolean https = url.getScheme().equals("https");
    if (https) {
      client.sslContext(TrustAll.context());
    }
    HttpClient http = client.build();
    HttpRequest health =
        HttpRequest.newBuilder(url.resolve("/_cluster/health?" + readiness + "&timeout=2s"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the process exited with code " + process.exitValue());
      }
      try {
        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
        // A secured server answers 401 without credentials: it is up; tests bring their own.
        if (response.statusCode() == 200 || https && response.statusCode() == 401) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("not healthy within " + START_TIMEOUT);
  }

  private String consoleTail() {
    try {
      List<String> lines = Files.readAllLines(run.console());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no console output: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run.
    }
    stopProcess();
    keepLogs();
    deleteTree(run.root());
  }

  private void stopProcess() {
    if (process == null) {
      return;
    }
    // SIGTERM to the launcher stops the server JVM too; descendants are killed if it hangs.
    List<ProcessHandle> descendants = process.descendants().toList();
    JavaProcess.stop(process);
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private void keepLogs() {
    try {
      Files.createDirectories(keptLogs);
      try (Stream<Path> logs = Files.list(run.logs())) {
        for (Path log : logs.filter(Files::isRegularFile).toList()) {
          Files.copy(log, keptLogs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      System.err.println("Could not keep the logs of " + product + ": " + e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove " + root, e);
    }
  }
}
