package dev.unbundled.search.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a connector's threads were doing when a test gave up waiting for it. Connect runs in the
 * test's JVM, so its threads can be read here: a task that stopped moving shows where it waits. The
 * whole dump goes to {@code target/it-logs}, the task's and bulk writers' top frames into the
 * failure message (all that CI output keeps).
 */
public final class TaskThreads {

  private static final int FRAMES = 8;

  private TaskThreads() {}

  /** The top frames of the threads that write for {@code connector}; the whole dump to a file. */
  public static String describe(String connector) {
    Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
    writeDump(connector, all);
    return all.entrySet().stream()
        .filter(entry -> writesFor(entry.getKey(), connector))
        .filter(entry -> entry.getValue().length > 0)
        .map(entry -> describe(entry.getKey(), entry.getValue()))
        .sorted()
        .collect(Collectors.joining("\n", "\nThreads:\n", ""));
  }

  private static boolean writesFor(Thread thread, String connector) {
    String name = thread.getName();
    return name.startsWith("task-thread-" + connector + "-") || name.startsWith("search-sink-bulk");
  }

  private static String describe(Thread thread, StackTraceElement[] frames) {
    return thread.getName()
        + " "
        + thread.getState()
        + Arrays.stream(frames)
            .limit(FRAMES)
            .map(frame -> "\n    at " + frame)
            .collect(Collectors.joining());
  }

  private static void writeDump(String connector, Map<Thread, StackTraceElement[]> all) {
    StringBuilder dump = new StringBuilder();
    all.forEach(
        (thread, frames) -> {
          dump.append('"').append(thread.getName()).append("\" ").append(thread.getState());
          for (StackTraceElement frame : frames) {
            dump.append("\n    at ").append(frame);
          }
          dump.append("\n\n");
        });
    try {
      Path file = Path.of("target", "it-logs", "threads-" + connector + ".txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, dump);
    } catch (IOException e) {
      // The message still carries the writers' frames.
    }
  }
}
