package dev.unbundled.search.connector.bulk;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are worth another try, how often, and how long to wait before each.
 *
 * <p>Three kinds of failure, by what time does to them:
 *
 * <ul>
 *   <li>{@link Kind#TRANSIENT}: no answer (connection refused or reset, a timeout), an overloaded
 *       or briefly unavailable cluster (429, 502, 503, 504), a shard without an active copy, a
 *       block an operator or freed disk space lifts. Time heals them: retried for as long as they
 *       last, never counted against {@code maxRetries}. Only the task's stall timeout ends the
 *       wait.
 *   <li>{@link Kind#SERVER_ERROR}: an error on the server's side that is none of those (HTTP 500,
 *       an unknown 5xx): may heal, may not. Retried {@code maxRetries} times, then the task fails.
 *   <li>{@link Kind#PERMANENT}: the request itself is refused (bad credentials, missing privileges,
 *       a malformed request, an untrusted certificate): never retried.
 * </ul>
 *
 * <p>Waits grow exponentially up to {@code maxBackoff}, and each is drawn at random from the upper
 * half of its range: many tasks that failed together (say, while a node restarts) spread their
 * retries out instead of hitting the cluster again in lockstep, and a long outage costs the cluster
 * one request per task and {@code maxBackoff}, not a flood.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

  /** What time does to a failure. */
  public enum Kind {
    TRANSIENT,
    SERVER_ERROR,
    PERMANENT
  }

  /** Statuses that mean "overloaded or briefly unavailable", not "wrong request". */
  private static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 429, 502, 503, 504);

  /** Error types that time heals, whatever status they come with. */
  private static final Set<String> TRANSIENT_TYPES =
      Set.of(
          "cluster_block_exception",
          "es_rejected_execution_exception",
          "rejected_execution_exception",
          "unavailable_shards_exception",
          "master_not_discovered_exception",
          "no_shard_available_action_exception",
          "circuit_breaking_exception",
          "process_cluster_event_timeout_exception");

  /** What time does to a whole request's failure. */
  public static Kind kind(IOException failure) {
    if (failure instanceof BulkRequestException rejected) {
      return kind(rejected.status(), rejected.errorType());
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException) {
        // The server's certificate is not trusted: no retry changes that.
        return Kind.PERMANENT;
      }
    }
    // Connection refused or reset, timeouts, truncated answers: Elasticsearch may not have seen
    // the request, or may have applied it. Both are safe to repeat, as writes are idempotent.
    return Kind.TRANSIENT;
  }

  /** What time does to an answer with {@code status} and {@code errorType} (may be null). */
  public static Kind kind(int status, String errorType) {
    if (TRANSIENT_STATUSES.contains(status)
        || errorType != null && TRANSIENT_TYPES.contains(errorType)) {
      return Kind.TRANSIENT;
    }
    return status >= 500 ? Kind.SERVER_ERROR : Kind.PERMANENT;
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
