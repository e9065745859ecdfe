package dev.unbundled.search.quickstart;

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
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Elasticsearch server, run as a separate process from the unpacked distribution, on free
 * loopback ports, with its data, logs and configuration in a directory of its own that is removed
 * when it stops (the logs are kept in the build directory first).
 *
 * <p>Elasticsearch refuses to run as root, so when the build runs as root the server runs as {@code
 * nobody} through {@code setpriv}, with its files owned by {@code nobody}.
 */
public final class ElasticsearchServer implements AutoCloseable {

  private static final String RUN_AS_USER = "nobody";
  private static final String RUN_AS_GROUP = "nogroup";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Path runDirectory;
  private final Path keptLogs;
  private final ProcessBuilder launcher;
  private Process process;
  private final URI url;
  private final Thread shutdownHook;
  private Duration startTime;

  private ElasticsearchServer(
      Path runDirectory, Path keptLogs, ProcessBuilder launcher, Process process, URI url) {
    this.launcher = launcher;
    this.runDirectory = runDirectory;
    this.keptLogs = keptLogs;
    this.process = process;
    this.url = url;
    this.shutdownHook = new Thread(this::stopProcess, "stop-elasticsearch");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Prepares the server's config directory (certificates, users) before it starts. */
  @FunctionalInterface
  public interface ConfigStep {
    /**
     * @param tool runs a command-line tool of the distribution ({@code bin/...}) on this config
     */
    void prepare(Path config, ToolRunner tool) throws IOException, InterruptedException;
  }

  /** Runs {@code bin/<name> args...} of the distribution with the server's configuration. */
  @FunctionalInterface
  public interface ToolRunner {
    void run(String name, String... args) throws IOException, InterruptedException;
  }

  /**
   * How a server is set up: extra settings, a step that prepares its config directory, and whether
   * it answers on https.
   */
  public record Setup(Map<String, String> settings, ConfigStep configStep, boolean https) {
    /** Plain http, security off: what most tests share. */
    public static final Setup PLAIN =
        new Setup(Map.of("xpack.security.enabled", "false"), (config, tool) -> {}, false);
  }

  /**
   * Starts a server from the distribution at {@code distribution} and waits until it is ready.
   *
   * @param keptLogs where the server's logs are copied when it stops
   */
  public static ElasticsearchServer start(Path distribution, Path keptLogs, String heap)
      throws IOException, InterruptedException {
    return start(distribution, keptLogs, heap, Setup.PLAIN);
  }

  /** Starts a server set up as {@code setup} says, and waits until it answers. */
  public static ElasticsearchServer start(
      Path distribution, Path keptLogs, String heap, Setup setup)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    boolean root = isRoot();
    Path home = root ? readableByServerUser(distribution) : distribution;
    Path run = Files.createTempDirectory("unbundled-search-es-");
    Path config = run.resolve("config");
    copyTree(home.resolve("config"), config);
    for (String dir : List.of("data", "logs", "tmp")) {
      Files.createDirectories(run.resolve(dir));
    }
    setup
        .configStep()
        .prepare(
            config,
            (name, args) -> {
              List<String> tool = new ArrayList<>(List.of(home.resolve("bin/" + name).toString()));
              tool.addAll(List.of(args));
              ProcessBuilder cli = new ProcessBuilder(tool).redirectErrorStream(true);
              cli.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
              cli.environment().put("ES_PATH_CONF", config.toString());
              cli.environment().put("CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + run.resolve("tmp"));
              Process process = cli.start();
              String output = new String(process.getInputStream().readAllBytes());
              if (process.waitFor() != 0) {
                throw new IOException(name + " failed: " + output);
              }
            });
    if (root) {
      Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
      chownTree(run, RUN_AS_USER, RUN_AS_GROUP);
    }
    int httpPort = freePort();
    int transportPort = freePort();

    List<String> command = new ArrayList<>();
    if (root) {
      command.addAll(
          List.of(
              "setpriv",
              "--reuid=" + RUN_AS_USER,
              "--regid=" + RUN_AS_GROUP,
              "--clear-groups",
              "--"));
    }
    command.add(home.resolve("bin/elasticsearch").toString());
    Map<String, String> settings = new java.util.LinkedHashMap<>(setup.settings());
    settings.putAll(
        Map.of(
            "cluster.name", "unbundled-search-it",
            "node.name", "it-node",
            "discovery.type", "single-node",
            "network.host", "127.0.0.1",
            "http.port", Integer.toString(httpPort),
            "transport.port", Integer.toString(transportPort),
            "path.data", run.resolve("data").toString(),
            "path.logs", run.resolve("logs").toString(),
            "cluster.routing.allocation.disk.threshold_enabled", "false"));
    settings.forEach((key, value) -> command.addAll(List.of("-E", key + "=" + value)));

    ProcessBuilder builder = new ProcessBuilder(command).directory(run.toFile());
    Map<String, String> env = builder.environment();
    env.put("ES_JAVA_HOME", System.getProperty("java.home"));
    env.put("ES_PATH_CONF", config.toString());
    env.put("ES_TMPDIR", run.resolve("tmp").toString());
    env.put("CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + run.resolve("tmp"));
    env.put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
    env.remove("JAVA_TOOL_OPTIONS");
    builder.redirectErrorStream(true);
    builder.redirectOutput(run.resolve("logs/console.log").toFile());
    Process process = builder.start();

    URI url = URI.create((setup.https() ? "https" : "http") + "://127.0.0.1:" + httpPort);
    ElasticsearchServer server = new ElasticsearchServer(run, keptLogs, builder, process, url);
    try {
      server.awaitReady();
    } catch (IOException | InterruptedException | RuntimeException e) {
      String console = server.consoleTail();
      server.close();
      throw new IllegalStateException(
          "Elasticsearch did not start: " + e.getMessage() + "\n--- console ---\n" + console, e);
    }
    server.startTime = Duration.ofNanos(System.nanoTime() - started);
    return server;
  }

  public URI url() {
    return url;
  }

  /** Stops the server and keeps its data, as an outage would; {@link #restart()} brings it back. */
  public synchronized void stop() {
    stopProcess();
  }

  /** Starts the server again on the same ports and data, and waits until it answers. */
  public synchronized void restart() throws IOException, InterruptedException {
    stopProcess();
    launcher.redirectOutput(
        ProcessBuilder.Redirect.appendTo(runDirectory.resolve("logs/console.log").toFile()));
    process = launcher.start();
    awaitReady();
  }

  /** How long it took from launching the process to a healthy cluster. */
  public Duration startTime() {
    return startTime;
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    boolean https = url.getScheme().equals("https");
    if (https) {
      client.sslContext(TrustAll.context());
    }
    HttpClient http = client.build();
    HttpRequest health =
        HttpRequest.newBuilder(url.resolve("/_cluster/health?wait_for_status=yellow&timeout=2s"))
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
      List<String> lines = Files.readAllLines(runDirectory.resolve("logs/console.log"));
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
    deleteTree(runDirectory);
  }

  private void stopProcess() {
    // SIGTERM to the launcher stops the server JVM too; descendants are killed if it hangs.
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private void keepLogs() {
    try {
      Files.createDirectories(keptLogs);
      try (Stream<Path> logs = Files.list(runDirectory.resolve("logs"))) {
        for (Path log : logs.filter(Files::isRegularFile).toList()) {
          Files.copy(log, keptLogs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      System.err.println("Could not keep the Elasticsearch logs: " + e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * The distribution, or a copy of it in a world-readable place when the server user cannot reach
   * it (for example a checkout under /root).
   */
  private static Path readableByServerUser(Path distribution)
      throws IOException, InterruptedException {
    Process check =
        new ProcessBuilder(
                "setpriv",
                "--reuid=" + RUN_AS_USER,
                "--regid=" + RUN_AS_GROUP,
                "--clear-groups",
                "--",
                "test",
                "-x",
                distribution.resolve("bin/elasticsearch").toString())
            .inheritIO()
            .start();
    if (check.waitFor() == 0) {
      return distribution;
    }
    Path copy =
        Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("unbundled-search-" + distribution.getFileName());
    if (!Files.exists(copy.resolve("bin/elasticsearch"))) {
      Path partial = Files.createTempDirectory(copy.getParent(), "es-copy-");
      new ProcessBuilder("cp", "-a", distribution + "/.", partial.toString())
          .inheritIO()
          .start()
          .waitFor();
      new ProcessBuilder("chmod", "-R", "a+rX", partial.toString()).inheritIO().start().waitFor();
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
    }
    return copy;
  }

  private static int freePort() throws IOException {
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

  private static void chownTree(Path root, String user, String group) throws IOException {
    UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal owner = lookup.lookupPrincipalByName(user);
    GroupPrincipal ownerGroup = lookup.lookupPrincipalByGroupName(group);
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(owner);
        view.setGroup(ownerGroup);
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
