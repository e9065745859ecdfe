package dev.unbundled.search.tool.alias;

import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.lifecycle.CatchUpCheck;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.connector.lifecycle.PromotionRules;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import dev.unbundled.search.tool.session.ConnectorSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether an index may receive an alias by hand, by the rules the connector applies to its own
 * moves ({@link PromotionRules}): its connector runs and keeps it current, it has caught up with
 * its topic (within {@code alias.promotion.max.lag}), its build phase is over, and it is healthy.
 */
public final class Readiness {

  /** How long a command waits for an index to become healthy before it refuses. */
  private static final Duration HEALTH_WAIT = Duration.ofSeconds(5);

  private Readiness() {}

  /**
   * What stands in the way; empty when the index is ready.
   *
   * @param positions the connector's positions, read once for all the indexes being checked
   */
  public static List<String> problems(
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
    long maxLag = session.lifecycle().maxLag();
    Map<TopicPartition, CatchUpCheck.Position> ofTopic = new HashMap<>();
    positions.forEach(
        (partition, position) -> {
          if (partition.topic().equals(owner.topic())) {
            ofTopic.put(partition, position);
          }
        });
    for (TopicPartition partition : PromotionRules.lagging(ofTopic, Map.of(), maxLag)) {
      problems.add(
          index.name()
              + " is "
              + ofTopic.get(partition).behind()
              + " records behind in "
              + partition
              + " (alias.promotion.max.lag="
              + maxLag
              + ")");
    }
    if (PromotionRules.inBuildPhase(owner)) {
      problems.add(
          index.name()
              + " is still in its build phase (refresh off, no replicas); the connector ends it"
              + " once it has caught up");
    }
    PromotionRules.recordedLoss(index.meta())
        .ifPresent(
            shards ->
                problems.add(
                    index.name()
                        + " lost primary shards "
                        + shards
                        + " (recorded in its _meta): its documents are incomplete; rebuild it"));
    PromotionRules.healthProblem(session.es(), index.name(), HEALTH_WAIT).ifPresent(problems::add);
    return problems;
  }
}
