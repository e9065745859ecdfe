package dev.unbundled.search.connector.bulk;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Asked before operations that failed because their shard had no active copy are sent again: which
 * of them wait for a shard that will never come back. A shard is briefly unavailable while its node
 * restarts and gone for good when its only copy was lost, and only the caller can tell the two
 * apart (the bulk package knows nothing of indexes). Each such try costs up to Elasticsearch's bulk
 * timeout (a minute), so retrying a lost shard until the retries run out would hold the task for
 * many minutes.
 *
 * @param <C> the caller's context for each operation
 */
@FunctionalInterface
public interface ShardRetryCheck<C> {

  /** A check that never gives up: operations are retried until the retry policy's limit. */
  static <C> ShardRetryCheck<C> never() {
    return waiting -> context -> false;
  }

  /**
   * Of {@code waiting} (the contexts of operations about to be retried), those whose shard is lost
   * for good: they are not sent again, and keep their last failed result as their outcome.
   *
   * @throws IOException when that could not be found out; the operations are then retried
   */
  Predicate<C> lostForGood(List<C> waiting) throws IOException;
}
