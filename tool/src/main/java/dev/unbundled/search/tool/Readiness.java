package dev.unbundled.search.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.connector.lifecycle.CatchUpCheck;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether an index may receive an alias by hand, by the rules the connector applies to its own
 * moves: its connector runs and keeps it current, it has caught up with its topic (within {@code
 * alias.promotion.max.lag}), its build phase is over, and it is healthy.
 */
final class Readiness {

  private Readiness() {}

  /**
   * What stands in the way; empty when the index is ready.
   *
   * @param positions the connector's positions, read once for all the indexes being checked
   */
  static List<String> problems(
      ConnectorSession session,
      Map<TopicPartition, CatchUpCheck.Position> positions,
      IndexCatalog.IndexEntry index)
      throws Exception {
    List<String> problems = new ArrayList<>();
    IndexOwnership owner = index.ownership().orElseThrow();
    SinkConnectorInfo info = session.info();
    if (!info.healthy()) {
      problems.add(
          "connector "
              + info.name()
              + ", which keeps "
              + index.name()
              + " current, is not running: "
              + info.describeState());
    }
    long maxLag = session.config().promotionMaxLag();
    for (Map.Entry<TopicPartition, CatchUpCheck.Position> entry : positions.entrySet()) {
      if (entry.getKey().topic().equals(owner.topic()) && entry.getValue().behind() > maxLag) {
        problems.add(
            index.name()
                + " is "
                + entry.getValue().behind()
                + " records behind in "
                + entry.getKey()
                + " (alias.promotion.max.lag="
                + maxLag
                + ")");
      }
    }
    if (owner.buildTuned() || owner.phase() == Phase.BUILDING) {
      problems.add(
          index.name()
              + " is still in its build phase (refresh off, no replicas); the connector ends it"
              + " once it has caught up");
    }
    JsonNode health =
        session.es().send("GET", "/_cluster/health/" + index.name() + "?timeout=5s", null);
    String status = health.path("status").asText("unknown");
    if (!status.equals("green") && !status.equals("yellow")) {
      problems.add(index.name() + " is not healthy: status " + status);
    }
    return problems;
  }
}
