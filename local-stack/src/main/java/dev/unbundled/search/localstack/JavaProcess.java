package dev.unbundled.search.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Kafka broker or Connect worker running as a JVM process of its own, logging to a file. */
public final class JavaProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private JavaProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static JavaProcess start(
      String name, Path classpath, Path log4jConfig, Path log, String mainClass, String... args)
      throws IOException {
    return start(name, classpath, log4jConfig, log, List.of(), mainClass, args);
  }

  /**
   * Starts {@code mainClass} with the jars of {@code classpath}, logging to {@code log}, with extra
   * JVM options (system properties such as a JAAS configuration, which would be JVM-wide in a
   * test's own JVM).
   */
  public static JavaProcess start(
      String name,
      Path classpath,
      Path log4jConfig,
      Path log,
      List<String> jvmOptions,
      String mainClass,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xms256m",
            "-Xmx768m",
            "-Dlog4j2.configurationFile=" + log4jConfig,
            "-Dlog.file=" + log));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath + "/*", mainClass));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(log.resolveSibling(name + ".out").toFile()))
            .start();
    return new JavaProcess(name, process, log);
  }

  /** Runs a tool to completion and returns what it printed. */
  static String run(Path classpath, String mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", classpath + "/*", mainClass));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(mainClass + " failed: " + output);
    }
    return output;
  }

  /** SIGKILL: the process gets no chance to shut down. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A log4j2 configuration that sends a process's log to the file in {@code -Dlog.file}. */
  public static Path writeLog4jConfig(Path work) throws IOException {
    Path config = work.resolve("log4j2.properties");
    Files.createDirectories(work);
    Files.writeString(
        config,
        String.join(
            "\n",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.file.ref = file",
            ""));
    return config;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The log file; what the process printed itself is beside it, in {@code <name>.out}. */
  public Path log() {
    return log;
  }

  String name() {
    return name;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop(process);
  }

  /** SIGTERM, and SIGKILL if the process has not ended within 30 s. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
