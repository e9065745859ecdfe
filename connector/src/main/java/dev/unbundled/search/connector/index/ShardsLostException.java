package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Primary shards of an index the connector writes to have no copy left on any node: the documents
 * on them are gone, while the connector's committed offsets point past them. Builds run with no
 * replicas (the topic is the backup), so losing the node that held a shard during a build loses it.
 * Going on would build, and promote, an index that looks complete and is not; the message says how
 * to rebuild it.
 */
public final class ShardsLostException extends ConnectException {

  /** Key, in the index's {@code _meta}, of the record of the loss. */
  public static final String META_KEY = "unbundled_search_lost_shards";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param promoted whether readers use the index (it held the read alias), so it must not be
   *     deleted before a replacement is ready
   */
  public ShardsLostException(
      String index, String connector, List<Integer> shards, boolean promoted) {
    super(message(index, connector, shards, promoted));
  }

  /** The shards an index's {@code _meta} records as lost, if it records a loss. */
  public static Optional<List<Integer>> recordedIn(JsonNode meta) {
    JsonNode loss = meta == null ? null : meta.get(META_KEY);
    if (loss == null || !loss.isObject()) {
      return Optional.empty();
    }
    List<Integer> shards = new ArrayList<>();
    loss.path("shards").forEach(shard -> shards.add(shard.asInt()));
    return Optional.of(shards);
  }

  /**
   * The failure to report for {@code index} when its {@code _meta} records a loss: every write to
   * it, or promotion of it, is refused with the steps that rebuild it.
   */
  public static Optional<ShardsLostException> recordedFor(
      String index, String connector, JsonNode meta) {
    return recordedIn(meta)
        .map(
            shards ->
                new ShardsLostException(
                    index,
                    connector,
                    shards,
                    IndexOwnership.fromMeta(meta).map(IndexOwnership::readersUseIt).orElse(false)));
  }

  /** The record of a loss of {@code shards}, the value of {@link #META_KEY} in {@code _meta}. */
  public static JsonNode record(List<Integer> shards, Instant noticedAt) {
    ObjectNode loss = JSON.createObjectNode().put("noticed_at", noticedAt.toString());
    shards.forEach(loss.putArray("shards")::add);
    return loss;
  }

  private static String message(
      String index, String connector, List<Integer> shards, boolean promoted) {
    String lost =
        "Index '"
            + index
            + "' lost primary shard(s) "
            + shards
            + ": no node holds a copy of them any more (a node left with the only copy, and did"
            + " not come back within index.lost.primary.timeout.ms). The documents on them are gone"
            + " while the offsets connector '"
            + connector
            + "' committed point past them, so it stops rather than build or promote an index that"
            + " looks complete and is not; the loss is recorded in the index's _meta. ";
    if (promoted) {
      return lost
          + "Readers still use the index: rebuild it as a new version, with a connector of a new"
          + " name (a new consumer group, which reads from offset zero) and the next"
          + " index.version; it takes the read alias once caught up. Then delete connector '"
          + connector
          + "' and index '"
          + index
          + "'.";
    }
    return lost
        + "No alias ever pointed at it, so rebuild it in place from offset zero: PUT /connectors/"
        + connector
        + "/stop, DELETE /connectors/"
        + connector
        + "/offsets (repeated until Connect accepts it: a task may still wait up to a minute on a"
        + " write to the lost shard), delete index '"
        + index
        + "', then PUT /connectors/"
        + connector
        + "/resume.";
  }
}
