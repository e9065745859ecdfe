package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.connector.index.ShardsLostException;
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
   * records behind their end, and not past the end they had at an earlier check. The second way
   * lets a connector count as caught up while writes keep arriving: everything that existed a few
   * checks ago is in the index, which is all a live index can promise too.
   *
   * @param earlierEnds each partition's end at an earlier check ({@link RecentEnds}); empty for a
   *     single look
   */
  public static List<TopicPartition> lagging(
      Map<TopicPartition, CatchUpCheck.Position> positions,
      Map<TopicPartition, Long> earlierEnds,
      long maxLag) {
    List<TopicPartition> lagging = new ArrayList<>();
    positions.forEach(
        (partition, position) -> {
          Long earlierEnd = earlierEnds.get(partition);
          boolean close = position.behind() <= maxLag;
          boolean pastEarlierEnd = earlierEnd != null && position.committed() >= earlierEnd;
          if (!close && !pastEarlierEnd) {
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
   * The primary shards an index is recorded to have lost ({@link LostPrimaries}), from its {@code
   * _meta}: such an index is never promoted, whatever its health says now (a shard forced back
   * empty is green).
   */
  public static Optional<List<Integer>> recordedLoss(JsonNode meta) {
    return ShardsLostException.recordedIn(meta);
  }

  /**
   * How many shard copies of an index must be active before an alias may point at it: every copy
   * (green) when the cluster has as many data nodes as the index asks copies of each shard, so that
   * a promotion never happens while a replica is still missing or held back; otherwise, as many
   * copies of each shard as there are data nodes. A single-node cluster (a laptop, most test and
   * development setups) can never hold a replica of its own primaries, and Elasticsearch's default
   * of one replica would keep such an index yellow for ever: there, every primary active is all
   * that can be had, and enough.
   *
   * @param shards the index's primary shards
   * @param replicas the index's replicas of each primary, as now set
   * @param dataNodes the cluster's data nodes, as now known
   */
  public static int requiredActiveShards(int shards, int replicas, int dataNodes) {
    int copies = Math.min(1 + Math.max(0, replicas), Math.max(1, dataNodes));
    return shards * copies;
  }

  /**
   * Waits up to {@code wait} for the index to be ready for readers: every primary active, no shard
   * initializing, and as many copies active as {@link #requiredActiveShards} requires (green, on a
   * cluster that can hold every copy).
   *
   * @return what is wrong, or empty when the index is ready
   */
  public static Optional<String> healthProblem(JsonApi es, String index, Duration wait)
      throws IOException {
    Copies copies = Copies.of(es, index);
    JsonNode health;
    try {
      health =
          es.send(
              "GET",
              "/_cluster/health/"
                  + index
                  + "?wait_for_status=yellow&wait_for_no_initializing_shards=true"
                  + "&wait_for_active_shards="
                  + copies.required()
                  + "&timeout="
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
    Copies now = Copies.of(es, index);
    return Optional.of(
        index
            + " is not ready for readers after waiting "
            + wait.toMillis()
            + " ms: "
            + now.describe());
  }

  /**
   * An index's shard copies as cluster health reports them, and how many must be active.
   *
   * @param status green, yellow or red
   */
  private record Copies(
      String status,
      int shards,
      int replicas,
      int dataNodes,
      int active,
      int initializing,
      int unassigned) {

    static Copies of(JsonApi es, String index) throws IOException {
      JsonNode cluster = es.send("GET", "/_cluster/health/" + index + "?level=indices", null);
      JsonNode stats = cluster.path("indices").path(index);
      return new Copies(
          stats.path("status").asText("red"),
          stats.path("number_of_shards").asInt(1),
          stats.path("number_of_replicas").asInt(0),
          cluster.path("number_of_data_nodes").asInt(1),
          stats.path("active_shards").asInt(0),
          stats.path("initializing_shards").asInt(0),
          stats.path("unassigned_shards").asInt(0));
    }

    int required() {
      return requiredActiveShards(shards, replicas, dataNodes);
    }

    String describe() {
      int total = shards * (1 + replicas);
      String needed =
          required() == total
              ? "all of them (green), as the cluster's "
                  + dataNodes
                  + " data node(s) can hold every copy"
              : required()
                  + ", one copy of each shard per data node, as the cluster has only "
                  + dataNodes
                  + " data node(s) for "
                  + (1 + replicas)
                  + " copies of each shard";
      return status
          + ", "
          + active
          + " of "
          + total
          + " shard copies active ("
          + initializing
          + " initializing, "
          + unassigned
          + " unassigned); promotion needs "
          + needed
          + ". A replica that allocation rules keep from every node holds promotion back: lift"
          + " the rule, or lower number_of_replicas in index.settings";
    }
  }
}
