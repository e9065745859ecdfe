package dev.unbundled.search.connector.bulk;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are worth another try, how often, and how long to wait before each.
 *
 * <p>Waits grow exponentially, and each is drawn at random from the upper half of its range: many
 * tasks that failed together (say, while a node restarts) spread their retries out instead of
 * hitting the cluster again in lockstep.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

  /** Statuses that mean "overloaded or briefly unavailable", not "wrong request". */
  private static final Set<Integer> RETRIABLE_STATUSES = Set.of(429, 502, 503, 504);

  public boolean isRetriable(IOException failure) {
    if (failure instanceof BulkRequestException rejected) {
      return isRetriableStatus(rejected.status());
    }
    // Connection refused or reset, timeouts, truncated answers: Elasticsearch may not have seen
    // the request, or may have applied it. Both are safe to repeat, as writes are idempotent.
    return true;
  }

  public static boolean isRetriableStatus(int status) {
    return RETRIABLE_STATUSES.contains(status);
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  public Duration backoff(int retry) {
    long initial = Math.max(1, initialBackoff.toMillis());
    long cap = Math.max(initial, maxBackoff.toMillis());
    long exponential = initial << Math.min(retry - 1, 30);
    long bound = Math.min(cap, exponential < 0 ? cap : exponential);
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
  }
}
