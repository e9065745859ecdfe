package dev.unbundled.search.connector.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failures of a periodic check in a row, so that an outage is logged as it starts, when its error
 * changes, at most once a {@code repeatEvery} while it lasts, and once when it ends: a check that
 * runs twice a second must not fill the log with the same line while the cluster is away.
 */
final class FailureStreak {

  /** How a streak ended: {@code failures} in a row over {@code lasted}. */
  record Ended(int failures, Duration lasted) {}

  private final Duration repeatEvery;
  private int failures;
  private Instant started;
  private Instant lastReported;
  private String lastError;

  FailureStreak(Duration repeatEvery) {
    this.repeatEvery = repeatEvery;
  }

  /** Counts a failure; true when it is worth a warning. */
  boolean failed(String error, Instant now) {
    if (failures++ == 0) {
      started = now;
    }
    boolean report =
        failures == 1
            || !error.equals(lastError)
            || Duration.between(lastReported, now).compareTo(repeatEvery) >= 0;
    lastError = error;
    if (report) {
      lastReported = now;
    }
    return report;
  }

  /** Failures in a row so far. */
  int failures() {
    return failures;
  }

  /** Since when the check fails; only while it does. */
  Instant started() {
    return started;
  }

  /** The check went through: how the streak it ends went, if there was one. */
  Optional<Ended> succeeded(Instant now) {
    if (failures == 0) {
      return Optional.empty();
    }
    Ended ended = new Ended(failures, Duration.between(started, now));
    failures = 0;
    lastError = null;
    return Optional.of(ended);
  }
}
