package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.ShardRetryCheck;
import dev.unbundled.search.connector.index.IndexManager;
import dev.unbundled.search.connector.index.ShardsLostException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Tells the bulk sender which writes wait for a shard that will never come back: those to an index
 * whose {@code _meta} records lost primary shards, as the connector's life cycle records them once
 * a shard has had no copy for {@code index.lost.primary.timeout.ms}. Without it a task would retry
 * such writes, each waiting out Elasticsearch's bulk timeout, until its retries ran out, and hold
 * its partitions (and so the documented offset reset) all that time.
 *
 * <p>Each loss found is kept, for the task to fail with it rather than with "retries ran out". Used
 * from the bulk writer's threads.
 *
 * @param <C> the task's context for each operation
 */
final class RecordedShardLosses<C> implements ShardRetryCheck<C> {

  private final IndexManager indexes;
  private final Function<C, String> indexOf;
  private final Map<String, ShardsLostException> found = new ConcurrentHashMap<>();

  /**
   * @param indexOf the concrete index an operation writes to
   */
  RecordedShardLosses(IndexManager indexes, Function<C, String> indexOf) {
    this.indexes = indexes;
    this.indexOf = indexOf;
  }

  /** One {@code _meta} read per index not yet found lost. */
  @Override
  public Predicate<C> lostForGood(List<C> waiting) throws IOException {
    Set<String> targets = waiting.stream().map(indexOf).collect(Collectors.toSet());
    for (String index : targets) {
      if (!found.containsKey(index)) {
        Optional<ShardsLostException> loss = indexes.recordedLoss(index);
        if (loss.isPresent()) {
          found.put(index, loss.get());
        }
      }
    }
    return context -> found.containsKey(indexOf.apply(context));
  }

  /** The loss found for {@code index}, if a write to it was given up for one. */
  Optional<ShardsLostException> of(String index) {
    return Optional.ofNullable(found.get(index));
  }
}
