package dev.unbundled.search.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * The operator's tool, run as operators run it: {@code java -jar search-sink-tool.jar}, in its own
 * process, against the shared stack.
 */
public final class StatusTool {

  /** Where the build left the tool's jar; set by the build. */
  public static final String JAR_PROPERTY = "tool.jar";

  /** What a run printed, and its exit code. */
  public record Result(int exitCode, String out, String err) {}

  private final String connectUrl;

  public StatusTool(EmbeddedConnectCluster connect) {
    this(connectUrlOf(connect));
  }

  /** The tool against the Connect REST API at {@code connectUrl}. */
  public StatusTool(String connectUrl) {
    this.connectUrl = connectUrl;
  }

  private static String connectUrlOf(EmbeddedConnectCluster connect) {
    String connectors = connect.endpointForResource("connectors");
    return connectors.substring(0, connectors.length() - "connectors".length());
  }

  public String connectUrl() {
    return connectUrl;
  }

  /** The command line for {@code args}, with the Connect URL. */
  public List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    command.add("--connect=" + connectUrl);
    return command;
  }

  /** Runs the tool to its end. */
  public Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /** Runs the tool to its end with extra environment variables (credentials). */
  public Result run(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    return runWithInput(environment, "", args);
  }

  /**
   * Runs the tool to its end with extra environment variables, {@code input} on its standard input
   * (answers to its questions), then the end of input.
   */
  public Result runWithInput(Map<String, String> environment, String input, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("search-sink-tool-", ".out");
    Path err = Files.createTempFile("search-sink-tool-", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command(args))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("search-sink " + String.join(" ", args) + " hung");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Starts the tool and leaves it running (for {@code status --watch}). */
  public Process start(String... args) throws IOException {
    return new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static Path jar() {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException("No tool jar at " + jar + "; run the tests through Maven");
    }
    return Path.of(jar);
  }
}
