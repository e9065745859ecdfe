package dev.unbundled.search.tool.connect;

import java.util.List;
import java.util.Map;

/**
 * A connector of this plugin as Connect reports it: its configuration and states.
 *
 * @param trace why the connector failed, summarized ({@link TraceSummary}); empty unless it did
 */
public record SinkConnectorInfo(
    String name,
    Map<String, String> config,
    String state,
    List<TaskState> tasks,
    List<String> trace) {

  /**
   * A task's state, with the first line of its failure and a summary of its trace when it failed.
   */
  public record TaskState(int id, String state, String worker, String error, List<String> trace) {}

  boolean isSearchSink() {
    return isSearchSinkClass(config.get("connector.class"));
  }

  /** Whether {@code connectorClass} names our connector, fully or by an alias Connect accepts. */
  static boolean isSearchSinkClass(String connectorClass) {
    String simple =
        ConnectClient.CONNECTOR_CLASS.substring(ConnectClient.CONNECTOR_CLASS.lastIndexOf('.') + 1);
    return ConnectClient.CONNECTOR_CLASS.equals(connectorClass)
        || simple.equals(connectorClass)
        || simple.replaceFirst("Connector$", "").equals(connectorClass);
  }

  /** Running, with every task running: the only state in which its indexes stay current. */
  public boolean healthy() {
    return "RUNNING".equals(state)
        && !tasks.isEmpty()
        && tasks.stream().allMatch(task -> "RUNNING".equals(task.state()));
  }

  /** Why it is not healthy, in a few words. */
  public String describeState() {
    StringBuilder text = new StringBuilder(state);
    if (tasks.isEmpty()) {
      text.append(", no tasks");
    }
    for (TaskState task : tasks) {
      if (!"RUNNING".equals(task.state())) {
        text.append(", task ").append(task.id()).append(' ').append(task.state());
        if (task.error() != null) {
          text.append(" (").append(task.error()).append(')');
        }
      }
    }
    return text.toString();
  }
}
