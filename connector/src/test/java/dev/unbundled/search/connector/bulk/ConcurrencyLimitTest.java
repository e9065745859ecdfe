package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

  private static final long MS = 1_000_000L;

  private final List<String> changes = new ArrayList<>();
  private final ConcurrencyLimit limit =
      ConcurrencyLimit.adaptive(8, (from, to, reason) -> changes.add(from + "->" + to));

  /** One window of answers at {@code msPerOperation}, with requests waiting for the limit. */
  private void busyWindow(double msPerOperation) {
    limit.limitReached();
    idleWindow(msPerOperation);
  }

  private void idleWindow(double msPerOperation) {
    for (int i = limit.windowSize(); i > 0; i--) {
      limit.answered(1000, 1 << 20, (long) (msPerOperation * 1000 * MS));
    }
  }

  @Test
  void growsOneRequestPerWindowWhileLatencyStaysFlat() {
    for (int window = 0; window < 5; window++) {
      busyWindow(0.1);
    }

    assertThat(limit.limit()).isEqualTo(6);
    assertThat(changes).containsExactly("1->2", "2->3", "3->4", "4->5", "5->6");
  }

  @Test
  void neverGoesAboveItsMaximum() {
    for (int window = 0; window < 20; window++) {
      busyWindow(0.1);
    }

    assertThat(limit.limit()).isEqualTo(8);
    assertThat(limit.changes()).as("changes counted, not attempts past the maximum").isEqualTo(7);
  }

  @Test
  void doesNotGrowWhenNoRequestWaitedForIt() {
    for (int window = 0; window < 5; window++) {
      idleWindow(0.1);
    }

    assertThat(limit.limit()).isEqualTo(1);
  }

  @Test
  void shrinksByAQuarterWhenLatencyShowsRequestsQueueing() {
    for (int window = 0; window < 7; window++) {
      busyWindow(0.1);
    }
    assertThat(limit.limit()).isEqualTo(8);

    // Each request now takes twice as long per operation: about 4 of the 8 wait in a queue, more
    // than the 3 it allows.
    busyWindow(0.2);

    assertThat(limit.limit()).isEqualTo(6);
  }

  @Test
  void settlesWhereTheClusterStopsKeepingUp() {
    // A cluster with two write threads: beyond two requests, each one more queues. Long enough
    // for the unqueued windows of the climb to be forgotten: the probes keep it from creeping up.
    for (int window = 0; window < 500; window++) {
      int inFlight = limit.current();
      busyWindow(0.1 * Math.max(1.0, inFlight / 2.0));
    }

    assertThat(limit.limit()).as("changes %s", changes).isBetween(2, 4);
  }

  @Test
  void holdsTwoRequestsOnAClusterWithOneWriteThread() {
    // Two requests take twice as long as one, per operation: one of them waits, a queue it keeps
    // (a ratio of latencies would see "twice as slow" and fall back to one, leaving the thread
    // idle between an answer and the next request). Three would queue two: still within bounds.
    for (int window = 0; window < 200; window++) {
      busyWindow(0.1 * limit.current());
    }

    assertThat(limit.limit()).as("changes %s", changes).isBetween(2, 4);
  }

  @Test
  void halvesAtOnceWhenElasticsearchTurnsOperationsAway() {
    for (int window = 0; window < 7; window++) {
      busyWindow(0.1);
    }

    limit.retrying(1000);
    limit.retrying(1000);

    assertThat(limit.limit()).as("once per window, not per rejected request").isEqualTo(4);
  }

  @Test
  void aLoneSlowRequestDoesNotLowerIt() {
    for (int window = 0; window < 7; window++) {
      busyWindow(0.1);
    }

    // A request whose write thread stalled (a segment written out): 30 times as slow, the others as
    // before. A mean of the window would read about 6 of 8 requests queued.
    for (int window = 0; window < 3; window++) {
      limit.limitReached();
      limit.answered(1000, 1 << 20, 3000 * MS);
      for (int i = 1; i < limit.windowSize(); i++) {
        limit.answered(1000, 1 << 20, 100 * MS);
      }
    }

    assertThat(limit.limit()).isEqualTo(8);
    assertThat(changes).as("no decrease").hasSize(7);
  }

  @Test
  void aProbeKeepsTwoRequestsInFlight() {
    ConcurrencyLimit three = ConcurrencyLimit.adaptive(3, ConcurrencyLimit.Listener.NONE);

    List<Integer> inFlight = inFlightOverBusyWindows(three, 30);

    // Half of three would be one request: a stall of its write thread would stop all writing.
    assertThat(three.limit()).isEqualTo(3);
    assertThat(inFlight.subList(2, 30)).contains(2).allMatch(n -> n >= 2);
  }

  @Test
  void aLimitOfTwoIsNotProbed() {
    ConcurrencyLimit two = ConcurrencyLimit.adaptive(2, ConcurrencyLimit.Listener.NONE);

    List<Integer> inFlight = inFlightOverBusyWindows(two, 30);

    assertThat(inFlight.subList(1, 30)).containsOnly(2);
  }

  /** What {@code limit} allowed in each of {@code windows} busy windows at a flat latency. */
  private static List<Integer> inFlightOverBusyWindows(ConcurrencyLimit limit, int windows) {
    List<Integer> inFlight = new ArrayList<>();
    for (int window = 0; window < windows; window++) {
      inFlight.add(limit.current());
      limit.limitReached();
      for (int i = limit.windowSize(); i > 0; i--) {
        limit.answered(1000, 1 << 20, 100 * MS);
      }
    }
    return inFlight;
  }

  @Test
  void neverDropsBelowOneRequest() {
    for (int window = 0; window < 7; window++) {
      busyWindow(0.1);
    }

    for (int window = 0; window < 6; window++) {
      limit.retrying(1);
      busyWindow(0.1);
    }

    assertThat(limit.limit()).isEqualTo(1);
    assertThat(changes).endsWith("8->4", "4->2", "2->1");
  }

  @Test
  void probesAtHalfTheLimitEveryTenWindows() {
    List<Integer> inFlight = new ArrayList<>();
    for (int window = 0; window < 30; window++) {
      inFlight.add(limit.current());
      busyWindow(0.1);
    }

    // A probe first lets the answers of the 8 requests sent before it go by (two calls of 4 here),
    // then measures one window.
    assertThat(inFlight.subList(7, 30))
        .containsExactly(8, 8, 8, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 4, 4, 4, 8, 8, 8, 8, 8);
  }

  @Test
  void aFixedLimitIgnoresFeedback() {
    ConcurrencyLimit fixed = ConcurrencyLimit.fixed(4);

    fixed.limitReached();
    fixed.answered(1, 1, MS);
    fixed.retrying(1);

    assertThat(fixed.limit()).isEqualTo(4);
  }
}
