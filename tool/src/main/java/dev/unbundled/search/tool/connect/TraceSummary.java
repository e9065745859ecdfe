package dev.unbundled.search.tool.connect;

import java.util.ArrayList;
import java.util.List;

/**
 * The few lines of a Connect failure trace an operator reads: its first line, and the causes
 * beneath it. A task's first line is often Connect's own "Exiting WorkerSinkTask due to
 * unrecoverable exception"; the cause that names the record or the setting is further down.
 */
public final class TraceSummary {

  private static final int MAX_CAUSES = 4;
  private static final String CAUSED_BY = "Caused by: ";

  private TraceSummary() {}

  static String firstLine(String trace) {
    if (trace == null || trace.isBlank()) {
      return null;
    }
    int end = trace.indexOf('\n');
    return (end < 0 ? trace : trace.substring(0, end)).strip();
  }

  /** The first line and the innermost causes (empty without a trace). */
  static List<String> lines(String trace) {
    String first = firstLine(trace);
    if (first == null) {
      return List.of();
    }
    List<String> causes = new ArrayList<>();
    trace
        .lines()
        .map(String::strip)
        .filter(line -> line.startsWith(CAUSED_BY))
        .map(line -> line.substring(CAUSED_BY.length()))
        .filter(cause -> !cause.equals(first) && !causes.contains(cause))
        .forEach(causes::add);
    List<String> lines = new ArrayList<>();
    lines.add(first);
    if (causes.size() > MAX_CAUSES) {
      lines.add("... " + (causes.size() - MAX_CAUSES) + " more causes");
    }
    causes.subList(Math.max(0, causes.size() - MAX_CAUSES), causes.size()).stream()
        .map(cause -> "caused by " + cause)
        .forEach(lines::add);
    return List.copyOf(lines);
  }
}
