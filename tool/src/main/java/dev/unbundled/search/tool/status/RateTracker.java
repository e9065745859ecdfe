package dev.unbundled.search.tool.status;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Rates of growing counters, over a sliding window of samples. */
public final class RateTracker {

  private record Sample(long nanos, long value) {}

  private final long windowNanos;
  private final Map<String, Deque<Sample>> samples = new HashMap<>();

  RateTracker(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /**
   * Adds a sample of counter {@code key} and returns its rate per second over the window, or null
   * while there is only one sample. A counter that went down (an index recreated) starts over.
   */
  Double sample(String key, long nanos, long value) {
    Deque<Sample> window = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
    if (!window.isEmpty() && window.peekLast().value() > value) {
      window.clear();
    }
    window.addLast(new Sample(nanos, value));
    while (window.size() > 2 && nanos - window.peekFirst().nanos() > windowNanos) {
      window.removeFirst();
    }
    Sample first = window.peekFirst();
    if (window.size() < 2 || nanos == first.nanos()) {
      return null;
    }
    return (value - first.value()) * 1e9 / (nanos - first.nanos());
  }
}
