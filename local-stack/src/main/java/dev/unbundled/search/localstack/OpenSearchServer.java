package dev.unbundled.search.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real OpenSearch server from the unpacked distribution (see {@link SearchServer} for what every
 * server gets: free loopback ports, a run directory of its own, an unprivileged user). The
 * distributions published in Maven Central carry no security plugin: plain http, no users.
 *
 * <p>OpenSearch 3 needs Java 21 or later, found by {@link JavaHomes}; OpenSearch 2 runs on the
 * build's Java.
 */
public final class OpenSearchServer extends SearchServer {

  private static final Pattern CORE_JAR = Pattern.compile("opensearch-(\\d+\\.\\d+\\.\\d+)\\.jar");

  private OpenSearchServer(Launch launch, RunDirectory run, Path keptLogs)
      throws IOException, InterruptedException {
    super(launch, run, keptLogs);
  }

  /**
   * Starts a server from the distribution at {@code distribution} and waits until it is ready.
   *
   * @param keptLogs where the server's logs are copied when it stops
   * @param settings settings on top of those every server gets
   */
  public static OpenSearchServer start(
      Path distribution, Path keptLogs, String heap, Map<String, String> settings)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    String version = version(distribution);
    Path javaHome = javaHomeFor(version);
    Path home = ServerUser.readableCopyOf(distribution, "bin/opensearch");
    RunDirectory run = RunDirectory.create(home);
    keepJvmFilesInRunDirectory(run);
    Launch launch =
        new Launch(
            "OpenSearch " + version,
            home.resolve("bin/opensearch"),
            Map.of(
                "OPENSEARCH_JAVA_HOME", javaHome.toString(),
                "OPENSEARCH_PATH_CONF", run.config().toString(),
                "OPENSEARCH_TMPDIR", run.tmp().toString(),
                "OPENSEARCH_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap),
            settings,
            false);
    OpenSearchServer server = new OpenSearchServer(launch, run, keptLogs);
    server.awaitStarted(started);
    return server;
  }

  public static OpenSearchServer start(Path distribution, Path keptLogs, String heap)
      throws IOException, InterruptedException {
    return start(distribution, keptLogs, heap, Map.of());
  }

  /** The major version's Java: 21 or later for OpenSearch 3 and later, else the build's own. */
  private static Path javaHomeFor(String version) {
    int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
    if (major < 3) {
      return Path.of(System.getProperty("java.home"));
    }
    return JavaHomes.atLeast(21)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "OpenSearch "
                        + version
                        + " needs Java 21 or later, and none was found in "
                        + JavaHomes.searched()
                        + ". Install one (on Debian 13: apt-get install openjdk-21-jdk-headless)"
                        + " or point OPENSEARCH_JAVA_HOME at one."));
  }

  /**
   * The distribution's {@code jvm.options} sends the GC log, heap dumps and crash files to {@code
   * logs/} and {@code data/} relative to the working directory, which its start script sets to the
   * distribution itself: not writable by the server user, and shared by every server. They go to
   * this server's own logs directory instead.
   */
  private static void keepJvmFilesInRunDirectory(RunDirectory run) throws IOException {
    Path options = run.config().resolve("jvm.options");
    String logs = run.logs().toString();
    Files.writeString(
        options,
        Files.readString(options)
            .replace("file=logs/", "file=" + logs + "/")
            .replace("ErrorFile=logs/", "ErrorFile=" + logs + "/")
            .replace("HeapDumpPath=data", "HeapDumpPath=" + logs));
  }

  /** The version of the distribution, from its core jar ({@code lib/opensearch-2.19.6.jar}). */
  static String version(Path distribution) throws IOException {
    try (Stream<Path> jars = Files.list(distribution.resolve("lib"))) {
      List<String> versions =
          jars.map(jar -> CORE_JAR.matcher(jar.getFileName().toString()))
              .filter(Matcher::matches)
              .map(match -> match.group(1))
              .toList();
      if (versions.size() != 1) {
        throw new IOException("No single OpenSearch core jar in " + distribution.resolve("lib"));
      }
      return versions.get(0);
    }
  }
}
