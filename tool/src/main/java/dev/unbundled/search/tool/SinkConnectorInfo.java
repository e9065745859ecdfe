package dev.unbundled.search.tool;

import java.util.List;
import java.util.Map;

/** A connector of this plugin as Connect reports it: its configuration and states. */
record SinkConnectorInfo(
    String name, Map<String, String> config, String state, List<TaskState> tasks) {

  /** A task's state, with the first line of its failure when it failed. */
  record TaskState(int id, String state, String worker, String error) {}

  boolean isSearchSink() {
    return ConnectClient.CONNECTOR_CLASS.equals(config.get("connector.class"));
  }

  /** Running, with every task running: the only state in which its indexes stay current. */
  boolean healthy() {
    return "RUNNING".equals(state)
        && !tasks.isEmpty()
        && tasks.stream().allMatch(task -> "RUNNING".equals(task.state()));
  }

  /** Why it is not healthy, in a few words. */
  String describeState() {
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
