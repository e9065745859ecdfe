package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.JsonRequests;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Watches a connector's indexes for primary shards that no node holds a copy of: what is left when
 * the node that held the only copy is gone (builds run with no replicas). Elasticsearch reports
 * such a shard as unassigned with {@code can_allocate: no_valid_shard_copy}, in cluster health and
 * the allocation explanation: structured fields, never message text.
 *
 * <p>A node that restarts leaves its shards in that state too, until it is back with its data, and
 * nothing Elasticsearch says tells the two apart. So a shard only counts as lost once it has had no
 * copy for longer than the timeout ({@code index.lost.primary.timeout.ms}), measured from the first
 * check that saw it so.
 */
public final class LostPrimaries {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NO_COPY = "no_valid_shard_copy";

  private final JsonApi es;
  private final Duration timeout;
  private final Clock clock;

  /** Since when each shard ("index/shard") has been seen without a copy. */
  private final Map<String, Instant> missingSince = new HashMap<>();

  public LostPrimaries(JsonApi es, Duration timeout, Clock clock) {
    this.es = es;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * The primary shards of {@code indexes} that have had no copy on any node for longer than the
   * timeout, by index; one health request, plus an allocation explanation for each shard whose
   * primary is not active.
   */
  public Map<String, List<Integer>> lost(Collection<String> indexes) throws IOException {
    Instant now = clock.instant();
    Map<String, Instant> stillMissing = new HashMap<>();
    Map<String, List<Integer>> lost = new TreeMap<>();
    if (!indexes.isEmpty()) {
      JsonNode health =
          es.send("GET", "/_cluster/health/" + String.join(",", indexes) + "?level=shards", null);
      for (Iterator<Map.Entry<String, JsonNode>> it = health.path("indices").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> index = it.next();
        for (Iterator<Map.Entry<String, JsonNode>> shards =
                index.getValue().path("shards").fields();
            shards.hasNext(); ) {
          Map.Entry<String, JsonNode> shard = shards.next();
          if (shard.getValue().path("primary_active").asBoolean(true)) {
            continue;
          }
          int number = Integer.parseInt(shard.getKey());
          if (!hasNoCopy(index.getKey(), number)) {
            continue;
          }
          String key = index.getKey() + "/" + number;
          Instant since = missingSince.getOrDefault(key, now);
          stillMissing.put(key, since);
          if (Duration.between(since, now).compareTo(timeout) >= 0) {
            lost.computeIfAbsent(index.getKey(), name -> new ArrayList<>()).add(number);
          }
        }
      }
    }
    missingSince.clear();
    missingSince.putAll(stillMissing);
    return lost;
  }

  /** Whether Elasticsearch finds no copy of the primary on any node it knows. */
  private boolean hasNoCopy(String index, int shard) throws IOException {
    ObjectNode request =
        JSON.createObjectNode().put("index", index).put("shard", shard).put("primary", true);
    JsonNode explanation;
    try {
      explanation = es.send("POST", "/_cluster/allocation/explain", request);
    } catch (JsonRequests.ElasticsearchError e) {
      // 400: the shard was assigned between the two requests, so there is nothing to explain.
      if (e.status() == 400) {
        return false;
      }
      throw e;
    }
    return NO_COPY.equals(explanation.path("can_allocate").asText());
  }
}
