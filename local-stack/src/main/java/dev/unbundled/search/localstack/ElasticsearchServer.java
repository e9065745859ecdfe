package dev.unbundled.search.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Elasticsearch server from the unpacked distribution (see {@link SearchServer} for what
 * every server gets: free loopback ports, a run directory of its own, an unprivileged user).
 *
 * <p>Elasticsearch 9 needs Java 21 or later, found by {@link JavaHomes}; 8.x runs on the build's
 * Java.
 */
public final class ElasticsearchServer extends SearchServer {

  private ElasticsearchServer(Launch launch, RunDirectory run, Path keptLogs, Node node)
      throws IOException, InterruptedException {
    super(launch, run, keptLogs, node);
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
    ElasticsearchServer server = launch(distribution, keptLogs, heap, setup, Node.single());
    server.awaitStarted(started);
    return server;
  }

  /**
   * Starts the process of one node of a cluster ({@link ElasticsearchCluster}) without waiting: a
   * node answers only once enough of its cluster has started to elect a master.
   */
  static ElasticsearchServer launchNode(Path distribution, Path keptLogs, String heap, Node node)
      throws IOException, InterruptedException {
    return launch(distribution, keptLogs, heap, Setup.PLAIN, node);
  }

  private static ElasticsearchServer launch(
      Path distribution, Path keptLogs, String heap, Setup setup, Node node)
      throws IOException, InterruptedException {
    Path javaHome = javaHomeFor(version(distribution));
    Path home = ServerUser.readableCopyOf(distribution, "bin/elasticsearch");
    RunDirectory run = RunDirectory.create(home);
    Map<String, String> environment =
        Map.of(
            "ES_JAVA_HOME", javaHome.toString(),
            "ES_PATH_CONF", run.config().toString(),
            "ES_TMPDIR", run.tmp().toString(),
            "CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + run.tmp(),
            "ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
    setup
        .configStep()
        .prepare(
            run.config(),
            (name, args) -> {
              List<String> tool = new ArrayList<>(List.of(home.resolve("bin/" + name).toString()));
              tool.addAll(List.of(args));
              ProcessBuilder cli = new ProcessBuilder(tool).redirectErrorStream(true);
              cli.environment().putAll(environment);
              cli.environment().remove("ES_JAVA_OPTS");
              Process process = cli.start();
              String output = new String(process.getInputStream().readAllBytes());
              if (process.waitFor() != 0) {
                throw new IOException(name + " failed: " + output);
              }
            });
    Launch launch =
        new Launch(
            "Elasticsearch " + version(home),
            home.resolve("bin/elasticsearch"),
            environment,
            setup.settings(),
            setup.https());
    return new ElasticsearchServer(launch, run, keptLogs, node);
  }

  /** The major version's Java: 21 or later for Elasticsearch 9 and later, else the build's own. */
  private static Path javaHomeFor(String version) {
    int dot = version.indexOf('.');
    if (dot < 1 || Integer.parseInt(version.substring(0, dot)) < 9) {
      return Path.of(System.getProperty("java.home"));
    }
    return JavaHomes.atLeast(21)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Elasticsearch "
                        + version
                        + " needs Java 21 or later, and none was found in "
                        + JavaHomes.searched()
                        + ". Install one (on Debian 13: apt-get install openjdk-21-jdk-headless)"
                        + " or point OPENSEARCH_JAVA_HOME at one."));
  }

  /** The version, from the distribution's directory name ({@code elasticsearch-8.19.21}). */
  private static String version(Path home) {
    String name = home.getFileName().toString();
    int dash = name.lastIndexOf('-');
    return dash < 0 ? "(unknown version)" : name.substring(dash + 1);
  }
}
