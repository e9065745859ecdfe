package dev.unbundled.search.tool.status;

import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Status as plain lines: for logs, pipes and terminals that should not be redrawn. */
public final class PlainStatusFormat {

  private PlainStatusFormat() {}

  public static List<String> lines(List<ConnectorStatus> statuses) {
    List<String> lines = new ArrayList<>();
    if (statuses.isEmpty()) {
      lines.add("No connector of class " + ConnectClient.CONNECTOR_CLASS + " in Kafka Connect.");
    }
    for (ConnectorStatus status : statuses) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s  %s  version %d  phase %s  promotion %s  engine %s",
              status.name(),
              stateOf(status),
              status.version(),
              status.phase(),
              status.promotion(),
              engine(status)));
      if (status.error() != null) {
        lines.add("  cannot read where it stands: " + status.error());
      }
      for (ConnectorStatus.TopicStatus topic : status.topics()) {
        lines.add("  " + topicLine(topic));
      }
      for (ConnectorStatus.AliasStatus alias : status.aliases()) {
        lines.add(
            String.format(
                Locale.ROOT,
                "  %s alias %s -> %s",
                alias.kind(),
                alias.alias(),
                indexes(alias.indexes())));
      }
    }
    return lines;
  }

  /**
   * The indexes an alias points at: named, or for the time buckets of a version (more than three),
   * counted with the first and the last.
   */
  static String indexes(List<String> indexes) {
    if (indexes.isEmpty()) {
      return "(none)";
    }
    if (indexes.size() <= 3) {
      return String.join(", ", indexes);
    }
    return indexes.size()
        + " indexes, "
        + indexes.get(0)
        + " .. "
        + indexes.get(indexes.size() - 1);
  }

  /** Such as {@code OpenSearch 2.19.6}, or {@code unknown}. */
  static String engine(ConnectorStatus status) {
    return status.engine() == null ? "unknown" : status.engine().describe();
  }

  static String stateOf(ConnectorStatus status) {
    StringBuilder state = new StringBuilder(status.state());
    long running = status.tasks().stream().filter(t -> "RUNNING".equals(t.state())).count();
    state.append(" (").append(running).append('/').append(status.tasks().size()).append(" tasks");
    for (SinkConnectorInfo.TaskState task : status.tasks()) {
      if (!"RUNNING".equals(task.state())) {
        state.append(", task ").append(task.id()).append(' ').append(task.state());
        if (task.error() != null) {
          state.append(": ").append(task.error());
        }
      }
    }
    return state.append(')').toString();
  }

  static String topicLine(ConnectorStatus.TopicStatus topic) {
    return topicLine(topic, Instant.now());
  }

  /** The topic's line, a stall's length counted up to {@code now}. */
  static String topicLine(ConnectorStatus.TopicStatus topic, Instant now) {
    String line =
        String.format(
            Locale.ROOT,
            "topic %s -> %s  %s  %5.1f%%  %,d/%,d records  %,d behind  %,d docs  %s  ETA %s",
            topic.topic(),
            topic.indexes().isEmpty()
                ? "(no index yet)"
                : topic.buckets() != null
                    ? topic.buckets().describe()
                    : String.join(", ", topic.indexes()),
            topic.phase(),
            topic.progress() * 100,
            topic.done(),
            topic.records(),
            topic.behind(),
            topic.documents(),
            rate(topic.recordsPerSecond()),
            eta(topic.etaSeconds()));
    if (topic.inFlight() != null) {
      line += "  in-flight limit " + topic.inFlight().describe();
    }
    if (topic.sweep() != null) {
      line += "  " + topic.sweep().describe();
    }
    return topic.stall() == null ? line : line + "  " + topic.stall().describe(now);
  }

  static String rate(Double perSecond) {
    return perSecond == null ? "- rec/s" : String.format(Locale.ROOT, "%,.0f rec/s", perSecond);
  }

  static String eta(Long seconds) {
    if (seconds == null) {
      return "unknown";
    }
    return seconds >= 3600
        ? String.format(
            Locale.ROOT, "%dh%02dm%02ds", seconds / 3600, seconds % 3600 / 60, seconds % 60)
        : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
  }
}
