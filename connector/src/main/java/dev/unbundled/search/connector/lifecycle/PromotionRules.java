package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.Phase;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * What an index must be before an alias may point at it, for the connector's own moves and for the
 * tool's {@code promote} and {@code rollback} alike: caught up with its topics, out of its build
 * phase, and healthy.
 */
public final class PromotionRules {

  private PromotionRules() {}

  /**
   * The partitions that keep a connector from counting as caught up: those more than {@code maxLag}
   * records behind their end, and not past the end they had at the previous check. The second way
   * lets a connector count as caught up while writes keep arriving: everything that existed a check
   * ago is in the index, which is all a live index can promise too.
   *
   * @param previousEnds each partition's end at the previous check; empty for a single look
   */
  public static List<TopicPartition> lagging(
      Map<TopicPartition, CatchUpCheck.Position> positions,
      Map<TopicPartition, Long> previousEnds,
      long maxLag) {
    List<TopicPartition> lagging = new ArrayList<>();
    positions.forEach(
        (partition, position) -> {
          Long previousEnd = previousEnds.get(partition);
          boolean close = position.behind() <= maxLag;
          boolean pastPreviousEnd = previousEnd != null && position.committed() >= previousEnd;
          if (!close && !pastPreviousEnd) {
            lagging.add(partition);
          }
        });
    return lagging;
  }

  /** Each partition's end, to pass to the next check's {@link #lagging}. */
  public static Map<TopicPartition, Long> ends(
      Map<TopicPartition, CatchUpCheck.Position> positions) {
    Map<TopicPartition, Long> ends = new HashMap<>();
    positions.forEach((partition, position) -> ends.put(partition, position.end()));
    return ends;
  }

  /**
   * Whether the index still runs with build-phase settings (no refreshes, no replicas), or has not
   * yet been seen caught up: the connector ends the build phase before any alias may point at it.
   */
  public static boolean inBuildPhase(IndexOwnership owner) {
    return owner.buildTuned() || owner.phase() == Phase.BUILDING;
  }

  /**
   * Waits up to {@code wait} for the index to be at least yellow with no shard initializing, so
   * that every primary shard serves searches.
   *
   * @return what is wrong, or empty when the index is healthy
   */
  public static Optional<String> healthProblem(JsonApi es, String index, Duration wait)
      throws IOException {
    JsonNode health;
    try {
      health =
          es.send(
              "GET",
              "/_cluster/health/"
                  + index
                  + "?wait_for_status=yellow&wait_for_no_initializing_shards=true&timeout="
                  + wait.toMillis()
                  + "ms",
              null);
    } catch (JsonRequests.ElasticsearchError e) {
      // A wait that times out is answered with 408 Request Timeout.
      if (e.status() != 408) {
        throw e;
      }
      health = null;
    }
    if (health != null && !health.path("timed_out").asBoolean(false)) {
      return Optional.empty();
    }
    return Optional.of(
        index
            + " is not healthy: not yellow or better with no shard initializing after waiting "
            + wait.toMillis()
            + " ms");
  }
}
