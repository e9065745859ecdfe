package dev.unbundled.search.connector;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the share of a task's writes that Elasticsearch turns down as version conflicts. A few
 * are normal (records written again after a restart, changes of one document arriving out of
 * order); a flood means something upstream went backwards, and since a conflict counts as done, the
 * task says so in a warning: more than half of the writes of a one-minute window, and at least 100
 * of them, once per window.
 */
final class VersionConflicts {

  static final Duration WINDOW = Duration.ofMinutes(1);
  static final double WARNING_SHARE = 0.5;
  static final long WARNING_MINIMUM = 100;

  private static final Logger log = LoggerFactory.getLogger(VersionConflicts.class);

  private final LongSupplier nanoClock;
  private final Warner warner;
  private long windowStart;
  private long writes;
  private long conflicts;
  private boolean warned;

  /** Where the warning goes: the log, or a test. */
  @FunctionalInterface
  interface Warner {
    void warn(String message);
  }

  VersionConflicts() {
    this(System::nanoTime, log::warn);
  }

  VersionConflicts(LongSupplier nanoClock, Warner warner) {
    this.nanoClock = nanoClock;
    this.warner = warner;
    this.windowStart = nanoClock.getAsLong();
  }

  /** Elasticsearch answered {@code writes} writes, of which {@code conflicts} were conflicts. */
  void answered(int writes, int conflicts) {
    long now = nanoClock.getAsLong();
    if (now - windowStart >= WINDOW.toNanos()) {
      windowStart = now;
      this.writes = 0;
      this.conflicts = 0;
      warned = false;
    }
    this.writes += writes;
    this.conflicts += conflicts;
    if (!warned
        && this.conflicts >= WARNING_MINIMUM
        && this.conflicts > WARNING_SHARE * this.writes) {
      warned = true;
      warner.warn(
          String.format(
              Locale.ROOT,
              "%d of the last %d writes (%.0f%%) were version conflicts: the search engine already"
                  + " held the same or a newer version of those documents and kept it. Right after a"
                  + " restart, a rebalance or an offset reset that is records written again. Otherwise"
                  + " something upstream went backwards (a topic deleted and re-created, a source"
                  + " replaying old changes, versions from the records that do not grow with each"
                  + " change): compare the versions the records carry with those in the index.",
              this.conflicts,
              this.writes,
              100.0 * this.conflicts / this.writes));
    }
  }
}
