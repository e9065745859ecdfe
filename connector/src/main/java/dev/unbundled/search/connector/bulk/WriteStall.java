package dev.unbundled.search.connector.bulk;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a task's writes go through, shared by all its bulk requests: a stall begins with the
 * first failed attempt after an acknowledged write (or since the start) and ends with the next
 * acknowledged write. Metrics, the task's stall timeout and the commit note read it.
 *
 * <p>It logs a stall once, not per retry: one warning when it begins, one more every {@value
 * #REMINDER_MINUTES} minutes while it lasts, one line when it ends with its duration. A cluster
 * that flaps (a request fails, the next goes through) would otherwise write two lines per flap: a
 * stall that begins less than {@value #QUIET_SECONDS} s after the last warning is only warned about
 * once it has lasted that long.
 */
public final class WriteStall {

  private static final Logger log = LoggerFactory.getLogger(WriteStall.class);

  static final int REMINDER_MINUTES = 5;
  static final int QUIET_SECONDS = 60;
  private static final long REMINDER_NANOS = Duration.ofMinutes(REMINDER_MINUTES).toNanos();
  private static final long QUIET_NANOS = Duration.ofSeconds(QUIET_SECONDS).toNanos();

  /** A stall in progress: since when no write went through, and the latest error. */
  public record Stall(Duration duration, String error, String detail, long failedAttempts) {

    /** As the status tool and messages show it: {@code 4m12s: 503 unavailable_shards_exception}. */
    @Override
    public String toString() {
      return brief(duration) + ": " + error;
    }
  }

  private final LongSupplier nanoTime;

  // Guarded by this.
  private final long startedNanos;
  private long lastWriteNanos = -1;
  private long stallStartedNanos = -1;
  private long lastWarnedNanos = Long.MIN_VALUE / 2;
  private boolean warned;
  private String error;
  private String detail;
  private long failedAttempts;
  private int retrying;

  public WriteStall() {
    this(System::nanoTime);
  }

  public WriteStall(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.startedNanos = nanoTime.getAsLong();
  }

  /** An attempt failed with {@code failure}: no answer, or an error for the whole request. */
  public void failed(IOException failure) {
    failed(errorClass(failure), failure.getMessage());
  }

  /** An attempt got no write through: {@code error} is its kind, {@code detail} the message. */
  synchronized void failed(String error, String detail) {
    long now = nanoTime.getAsLong();
    this.error = error;
    this.detail = detail;
    failedAttempts++;
    if (stallStartedNanos < 0) {
      stallStartedNanos = now;
      failedAttempts = 1;
      warned = false;
      if (now - lastWarnedNanos >= QUIET_NANOS) {
        warn(
            now,
            "The search engine takes no writes: {} ({}); retrying with backoff for as long as it lasts");
      }
    } else if (!warned && now - stallStartedNanos >= QUIET_NANOS
        || warned && now - lastWarnedNanos >= REMINDER_NANOS) {
      warn(
          now,
          "Still no write acknowledged after "
              + brief(Duration.ofNanos(now - stallStartedNanos))
              + " ("
              + failedAttempts
              + " failed attempts): {} ({})");
    }
  }

  private void warn(long now, String message) {
    log.warn(message, error, detail);
    warned = true;
    lastWarnedNanos = now;
  }

  /** Elasticsearch acknowledged at least one write. */
  synchronized void acknowledged() {
    long now = nanoTime.getAsLong();
    lastWriteNanos = now;
    if (stallStartedNanos >= 0) {
      String message =
          "The search engine takes writes again, after a stall of {} ({} failed attempts; last error:"
              + " {})";
      Duration duration = Duration.ofNanos(now - stallStartedNanos);
      if (warned) {
        log.info(message, brief(duration), failedAttempts, error);
      } else {
        log.debug(message, brief(duration), failedAttempts, error);
      }
      stallStartedNanos = -1;
      error = null;
      detail = null;
    }
  }

  synchronized void retryStarted() {
    retrying++;
  }

  synchronized void retryEnded() {
    retrying--;
  }

  /** The stall in progress, if writes are failing now. */
  public synchronized Optional<Stall> current() {
    if (stallStartedNanos < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Stall(
            Duration.ofNanos(nanoTime.getAsLong() - stallStartedNanos),
            error,
            detail,
            failedAttempts));
  }

  /** Time since Elasticsearch last acknowledged a write (since the start, before the first). */
  public synchronized Duration sinceLastWrite() {
    return Duration.ofNanos(
        nanoTime.getAsLong() - (lastWriteNanos < 0 ? startedNanos : lastWriteNanos));
  }

  /** Bulk requests between a failed attempt and their next answer. */
  public synchronized int retriesInProgress() {
    return retrying;
  }

  /**
   * The kind of a failure without an answer, or of an error answer to the whole request: short and
   * stable, for metrics ({@code connection refused}, {@code timeout}, {@code 503
   * unavailable_shards_exception}).
   */
  public static String errorClass(IOException failure) {
    if (failure instanceof BulkRequestException rejected) {
      return new BulkItemResult(rejected.status(), rejected.errorType(), null).errorClass();
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return "connection refused";
      }
      if (cause instanceof SocketTimeoutException
          || cause.getClass().getSimpleName().contains("Timeout")) {
        return "timeout";
      }
      if (cause instanceof UnknownHostException) {
        return "unknown host";
      }
      if (cause instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (cause.getClass().getSimpleName().startsWith("ConnectionClosed")
          || cause.getClass().getSimpleName().equals("NoHttpResponseException")
          || cause instanceof java.net.SocketException) {
        return "connection closed";
      }
    }
    return failure.getClass().getSimpleName();
  }

  /** {@code 4m12s}, {@code 1h02m}, {@code 12s}. */
  public static String brief(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 10) {
      return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + String.format(Locale.ROOT, "%02ds", seconds % 60);
    }
    return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02dm", seconds / 60 % 60);
  }
}
