package dev.unbundled.search.tool.rebuild;

import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.connector.offset.CommittedOffsets;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.session.SearchIndexes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Retiring a connector that readers no longer use: refused while any alias points at one of its
 * indexes; otherwise it is stopped and deleted, and with {@code --delete-indexes} its committed
 * offsets and its own indexes go too (only those whose {@code _meta} names it: an index it does not
 * own is never deleted). Stopping first means no task still writes when an index is deleted.
 */
public final class Retire {

  /**
   * What retiring would do.
   *
   * @param config the connector's configuration, for reaching its Elasticsearch afterwards
   * @param own the indexes whose {@code _meta} names the connector, by name
   * @param aliases the aliases readers use on each of them
   */
  public record Plan(
      String connector,
      Map<String, String> config,
      List<String> own,
      Map<String, List<String>> aliases,
      boolean deleteIndexes) {

    /** Why not: every alias on one of the connector's indexes. */
    public List<String> refusals() {
      List<String> refusals = new ArrayList<>();
      aliases.forEach(
          (index, names) ->
              names.forEach(
                  alias ->
                      refusals.add(
                          "alias "
                              + alias
                              + " points at "
                              + index
                              + ", an index of "
                              + connector
                              + ": move it first (search-sink promote <newer connector>, or"
                              + " search-sink rollback "
                              + alias
                              + " --to <index>)")));
      return refusals;
    }

    /** What will be done, in order. */
    public List<String> steps() {
      List<String> steps = new ArrayList<>();
      steps.add("stop and delete connector " + connector);
      if (deleteIndexes) {
        steps.add(
            "delete its committed offsets (consumer group "
                + CommittedOffsets.groupId(connector, config)
                + ")");
        own.forEach(
            index -> steps.add("delete index " + index + " (its _meta names " + connector + ")"));
        if (own.isEmpty()) {
          steps.add("no index names " + connector + " as its owner: none to delete");
        }
      } else if (!own.isEmpty()) {
        steps.add(
            "keep its indexes "
                + String.join(", ", own)
                + " (add --delete-indexes to delete them)");
      }
      return steps;
    }
  }

  /**
   * What was done.
   *
   * @param kept indexes of the plan that were not deleted, each with why
   */
  public record Outcome(
      boolean offsetsDeleted, List<String> deletedIndexes, Map<String, String> kept) {}

  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

  private final ConnectClient connect;
  private final SearchIndexes.Opener elasticsearch;

  public Retire(ConnectClient connect, SearchIndexes.Opener elasticsearch) {
    this.connect = connect;
    this.elasticsearch = elasticsearch;
  }

  public Plan plan(String connector, boolean deleteIndexes)
      throws IOException, InterruptedException {
    Map<String, String> config = connect.searchSinkConfig(connector);
    try (SearchIndexes cluster = elasticsearch.open(connector, config)) {
      List<String> own = owned(cluster.indexes(), connector);
      return new Plan(
          connector, Map.copyOf(config), own, cluster.readerAliases(own), deleteIndexes);
    }
  }

  /**
   * Stops and deletes the connector, then (with {@code --delete-indexes}) its offsets and indexes,
   * each index checked again right before: still its own, and still without readers.
   */
  public Outcome execute(Plan plan) throws IOException, InterruptedException {
    connect.stop(plan.connector(), STOP_TIMEOUT);
    if (plan.deleteIndexes()) {
      // A connector created later under this name must not resume where this one stopped.
      connect.resetOffsets(plan.connector());
    }
    connect.delete(plan.connector());
    List<String> deleted = new ArrayList<>();
    Map<String, String> kept = new java.util.TreeMap<>();
    if (!plan.deleteIndexes() || plan.own().isEmpty()) {
      return new Outcome(false, deleted, kept);
    }
    try (SearchIndexes cluster = elasticsearch.open(plan.connector(), plan.config())) {
      List<String> stillOwn = owned(cluster.indexes(), plan.connector());
      Map<String, List<String>> aliases = cluster.readerAliases(plan.own());
      for (String index : plan.own()) {
        if (!stillOwn.contains(index)) {
          kept.put(index, "no longer names " + plan.connector() + " as its owner");
        } else if (!aliases.getOrDefault(index, List.of()).isEmpty()) {
          kept.put(index, "alias " + String.join(", ", aliases.get(index)) + " points at it now");
        } else {
          cluster.delete(index);
          deleted.add(index);
        }
      }
    }
    return new Outcome(true, deleted, kept);
  }

  private static List<String> owned(
      Map<String, IndexCatalog.IndexEntry> catalog, String connector) {
    return catalog.values().stream()
        .filter(
            index ->
                index.ownership().map(IndexOwnership::connector).equals(Optional.of(connector)))
        .map(IndexCatalog.IndexEntry::name)
        .sorted()
        .toList();
  }
}
