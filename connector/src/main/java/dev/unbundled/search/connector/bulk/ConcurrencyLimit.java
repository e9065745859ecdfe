package dev.unbundled.search.connector.bulk;

import java.util.Arrays;

/**
 * How many bulk requests a task keeps in flight: fixed, or found by feedback from the cluster.
 *
 * <p>The adaptive limit follows TCP Vegas (as Netflix's concurrency limits do): a cluster with
 * spare write threads answers {@code n + 1} requests as fast, per operation, as {@code n}; one
 * without queues the extra request, and every request then takes longer. From a window's latency
 * per operation and the lowest of the recent windows (the latency without queueing), the limit
 * estimates how many of its requests wait in the cluster's queues: {@code limit × (1 − lowest /
 * latency)}. A window is as many answers as the limit, and at least {@value #MIN_WINDOW}, and its
 * latency is the median of its answers', so that one odd answer does not decide: on a small node
 * one request in every few seconds takes a second or more while the others run as before (issue
 * #29's benchmark: 1.0-1.6 s against 60-200 ms, every 2-3 s; most likely its write thread writing
 * the indexing buffer out as a segment). A mean counted that stall as queueing (a window at 4
 * requests read as 3.5 queued) and took the limit down. An increase still asks the mean: every
 * answer of the window must show room, since answers served below the limit (while other requests
 * wait out a retry's backoff) make the median look unqueued, and the simulation's flapping cluster
 * then let the limit climb past its knee.
 *
 * <ul>
 *   <li>Less than {@value #ALPHA} request queued, and requests had to wait for the limit in this
 *       window (the task could use more): one more request (additive increase).
 *   <li>More than {@value #BETA} queued: a quarter fewer (multiplicative decrease).
 *   <li>Elasticsearch turned a request or items away (429, rejected executions, other retries):
 *       half as many, at once, once per window. Only the items turned away are sent again. Failed
 *       requests count as answers of the window (without a latency), so a storm of them halves the
 *       limit once per window down to one.
 * </ul>
 *
 * <p>So it settles where one to {@value #BETA} requests wait in the cluster: every write thread
 * stays busy, with a short queue that covers the time between one answer and the next request, and
 * no pile-up. Counting queued requests rather than a latency ratio keeps a low limit from falling
 * back: two requests on a cluster with one write thread double the latency, yet only one waits.
 *
 * <p>The lowest latency is only known when some windows ran without queueing: a limit held above
 * the cluster's capacity would otherwise, once those windows are forgotten, take its own queued
 * latency for the lowest and creep up. So every {@value #PROBE_EVERY} windows one window runs at
 * half the limit, which measures the latency with less queueing (as TCP BBR probes its round-trip
 * time); it costs one window in {@value #PROBE_EVERY} a little concurrency. A probe never runs
 * fewer than {@value #PROBE_FLOOR} requests (a limit of two or less is not probed): with one
 * request in flight such a stall stops all writing, and on a 2-core host the probes at one request
 * took a third of a one-task run's time at a quarter of its rate. The probe leaves out the first
 * {@code limit} answers, those of requests sent before it began: they queued at the full limit, and
 * a probe that measured them (the simulation in {@code ConcurrencySimulationTest} showed it) let
 * the limit creep to twice the cluster's capacity.
 *
 * <p>The limit never drops below one request, and decisions are taken once per window, so a lone
 * slow request cannot collapse it. Latency is counted per operation so that full and lingered
 * requests compare.
 */
public final class ConcurrencyLimit implements BulkListener {

  /** Told when the limit changes. Called while the limit is locked: keep it short. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = (from, to, reason) -> {};

    void changed(int from, int to, String reason);
  }

  /** How many windows the lowest latency is taken over: it follows a cluster that slows. */
  static final int WINDOWS_REMEMBERED = 20;

  /** How often a window runs at half the limit; less than {@link #WINDOWS_REMEMBERED}. */
  static final int PROBE_EVERY = 10;

  /** Answers a window needs at least, whatever the limit. */
  static final int MIN_WINDOW = 4;

  /** Fewest requests a probe keeps in flight. */
  static final int PROBE_FLOOR = 2;

  /** Fewer requests queued than this, on average: room for one more. */
  private static final double ALPHA = 1;

  /** More requests queued than this: too many. */
  private static final double BETA = 3;

  private static final double DECREASE = 0.75;
  private static final double BACK_OFF = 0.5;

  private final boolean adaptive;
  private final int max;
  private final Listener listener;

  // Guarded by this.
  private int limit;
  private long changes;
  private boolean wanted;
  private boolean throttled;
  private int answers;
  private int samples;
  private final double[] latencies;
  private final double[] recentWindows = new double[WINDOWS_REMEMBERED];
  private int windowsSeen;
  private int windowsSinceProbe;
  private boolean probing;
  private int probeSkip;

  private ConcurrencyLimit(boolean adaptive, int initial, int max, Listener listener) {
    if (max < 1 || initial < 1 || initial > max) {
      throw new IllegalArgumentException("Limits must satisfy 1 <= initial <= max");
    }
    this.adaptive = adaptive;
    this.limit = initial;
    this.max = max;
    this.listener = listener;
    this.latencies = new double[Math.max(MIN_WINDOW, max)];
  }

  /** Always {@code limit}. */
  public static ConcurrencyLimit fixed(int limit) {
    return new ConcurrencyLimit(false, limit, limit, Listener.NONE);
  }

  /** Starts at one request and finds its level between one and {@code max}. */
  public static ConcurrencyLimit adaptive(int max, Listener listener) {
    return new ConcurrencyLimit(true, 1, max, listener);
  }

  /** The limit found so far (what the metrics show). */
  public synchronized int limit() {
    return limit;
  }

  /** How many requests may be in flight now: the limit, or half of it (at least two) in a probe. */
  public synchronized int current() {
    return probing ? Math.max(PROBE_FLOOR, limit / 2) : limit;
  }

  public int max() {
    return max;
  }

  /** How many times the limit changed since the task started. */
  public synchronized long changes() {
    return changes;
  }

  /** Answers in a window. */
  synchronized int windowSize() {
    return Math.max(MIN_WINDOW, current());
  }

  /** A request is waiting because the limit is reached: the task could use more. */
  synchronized void limitReached() {
    wanted = true;
  }

  @Override
  public synchronized void answered(int operations, int bytes, long latencyNanos) {
    if (!adaptive || operations <= 0) {
      return;
    }
    if (probeSkip > 0) {
      // Sent before the probe began, at the full limit: they would measure its queueing again.
      probeSkip--;
      return;
    }
    latencies[samples++] = (double) latencyNanos / operations;
    answers++;
    if (answers >= windowSize()) {
      closeWindow();
    }
  }

  /**
   * A failed request closes windows too, without a latency (an error answer's says nothing of the
   * queues): so while every request fails (a whole-request 429 storm, an outage), each window
   * halves the limit once more, down to one request, instead of halving once and never again.
   */
  @Override
  public synchronized void requestFailed(int operations) {
    if (!adaptive) {
      return;
    }
    answers++;
    if (answers >= windowSize()) {
      closeWindow();
    }
  }

  @Override
  public synchronized void retrying(int operations) {
    if (!adaptive || throttled) {
      return;
    }
    // Once per window: every request of a burst of rejections is no reason to halve again.
    throttled = true;
    change((int) (limit * BACK_OFF), "The search engine turned operations away");
  }

  private void closeWindow() {
    if (samples == 0) {
      answers = 0;
      wanted = false;
      throttled = false;
      return;
    }
    double mean = Arrays.stream(latencies, 0, samples).average().orElseThrow();
    double now = median(latencies, samples);
    recentWindows[windowsSeen++ % WINDOWS_REMEMBERED] = now;
    double lowest =
        Arrays.stream(recentWindows, 0, Math.min(windowsSeen, WINDOWS_REMEMBERED))
            .min()
            .orElse(now);
    double queued = limit * (1 - lowest / now);
    double queuedByMean = limit * (1 - lowest / mean);
    if (probing) {
      probing = false;
    } else if (queued > BETA) {
      change(
          (int) (limit * DECREASE),
          String.format("about %.1f requests queued in the cluster", queued));
    } else if (queuedByMean < ALPHA && wanted && !throttled) {
      change(limit + 1, "no request queued while requests waited for the limit");
    }
    if (++windowsSinceProbe >= PROBE_EVERY && limit > PROBE_FLOOR) {
      probing = true;
      probeSkip = limit;
      windowsSinceProbe = 0;
    }
    answers = 0;
    samples = 0;
    wanted = false;
    throttled = false;
  }

  /** Sorts the first {@code count} values in place: the window's samples are done with. */
  private static double median(double[] values, int count) {
    Arrays.sort(values, 0, count);
    int middle = count / 2;
    return count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  private void change(int proposed, String reason) {
    int next = Math.max(1, Math.min(max, proposed));
    if (next != limit) {
      int previous = limit;
      limit = next;
      changes++;
      listener.changed(previous, next, reason);
    }
  }
}
