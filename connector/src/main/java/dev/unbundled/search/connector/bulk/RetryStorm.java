package dev.unbundled.search.connector.bulk;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs retries of items turned away while the rest of their request was written (overload, not a
 * stall: {@link WriteStall} logs those) as storms, not one by one: a warning when retrying starts,
 * at most one summary per interval while it goes on, and one line when a request goes through whole
 * again.
 */
final class RetryStorm {

  private static final Logger log = LoggerFactory.getLogger(BulkSender.class);

  private final long intervalNanos;
  private long startedNanos;
  private long lastLoggedNanos;
  private long retries;
  private long retriesSinceLog;
  private boolean raging;

  RetryStorm(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  synchronized void retrying(String what, String cause) {
    long now = System.nanoTime();
    retries++;
    retriesSinceLog++;
    if (!raging) {
      raging = true;
      startedNanos = now;
      lastLoggedNanos = now;
      retriesSinceLog = 0;
      log.warn(
          "The search engine is overloaded: {} ({}); retrying those with backoff", what, cause);
    } else if (now - lastLoggedNanos >= intervalNanos) {
      log.warn(
          "Still overloaded: {} retries in the last {} s; latest: {} ({})",
          retriesSinceLog,
          Duration.ofNanos(now - lastLoggedNanos).toSeconds(),
          what,
          cause);
      lastLoggedNanos = now;
      retriesSinceLog = 0;
    }
  }

  synchronized void succeeded() {
    if (raging) {
      log.info(
          "The search engine takes all writes again, after {} retries over {} s",
          retries,
          Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
      raging = false;
      retries = 0;
    }
  }
}
