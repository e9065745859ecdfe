package dev.unbundled.search.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real schema registry (Apicurio Registry, from the build's {@code
 * schema-registry/target/registry}) in a process of its own, on a free loopback port, with
 * in-memory storage: what the Avro tests and the Avro quickstart register their schemas in. It
 * serves the Confluent-compatible API under {@code /apis/ccompat/v7} and its own under {@code
 * /apis/registry/v2}.
 */
public final class SchemaRegistryServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final Process process;
  private final URI url;
  private final Path log;
  private final Duration startTime;
  private final Thread shutdownHook;

  private SchemaRegistryServer(Process process, URI url, Path log, Duration startTime) {
    this.process = process;
    this.url = url;
    this.log = log;
    this.startTime = startTime;
    this.shutdownHook = new Thread(this::stopProcess, "stop-schema-registry");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the registry unpacked in {@code home} (the directory holding its {@code *-runner.jar}),
   * logging to {@code log}, and waits until it is ready.
   */
  public static SchemaRegistryServer start(Path home, Path log)
      throws IOException, InterruptedException {
    Path runner;
    try (var files = Files.list(home)) {
      runner =
          files
              .filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IOException(
                          "No registry in "
                              + home
                              + "; build it with mvn package -pl schema-registry"));
    }
    int port = JavaProcess.freePort();
    Files.createDirectories(log.getParent());
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + port,
            // Quarkus opens no other port in this version; keep its temp files with the logs.
            "-Djava.io.tmpdir=" + Files.createDirectories(log.resolveSibling("registry-tmp")),
            "-jar",
            runner.toString());
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    URI url = URI.create("http://127.0.0.1:" + port);
    try {
      awaitReady(process, url, log);
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    return new SchemaRegistryServer(
        process, url, log, Duration.ofNanos(System.nanoTime() - started));
  }

  private static void awaitReady(Process process, URI url, Path log)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(url.resolve("/health/ready")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The schema registry exited; see " + log);
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "The schema registry was not ready within " + START_TIMEOUT + "; see " + log);
  }

  /** The server's root, e.g. {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return url;
  }

  /** The Confluent-compatible API, what Confluent's clients and converters are given. */
  public String confluentApi() {
    return url + "/apis/ccompat/v7";
  }

  /** Apicurio's own API, what Apicurio's converter is given as {@code apicurio.registry.url}. */
  public String registryApi() {
    return url + "/apis/registry/v2";
  }

  /** How long it took from launching the process to a ready registry. */
  public Duration startTime() {
    return startTime;
  }

  public Path log() {
    return log;
  }

  private void stopProcess() {
    JavaProcess.stop(process);
  }

  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: nothing left to do.
    }
  }
}
