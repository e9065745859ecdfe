package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * The adaptive in-flight limit against simulated clusters, one simulated minute each, in virtual
 * time (the suite runs in well under a second), in the spirit of Vector's adaptive request
 * concurrency tests. Issue #25.
 *
 * <p>A model of the task's writer keeps as many bulk requests in flight as {@link
 * ConcurrencyLimit#current()} allows (there is always a full request waiting: the task is behind),
 * and does with each answer what {@link BulkSender} does: tells the limit the answer's latency,
 * classifies each item with {@link BulkItemResult#disposition()}, sends again only the items turned
 * away after the {@link RetryPolicy}'s backoff (the request keeps its slot meanwhile, as the
 * sender's thread does), and retries a whole request that got no answer. The limit, the
 * classification and the backoff are the production classes; that {@link BulkSender} resends only
 * the rejected items is proven by {@code BulkSenderTest}.
 *
 * <p>The outcomes are published in docs/performance.md ("Overload and outages: the simulation").
 */
class ConcurrencySimulationTest {

  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;
  private static final long MINUTE = 60 * SECOND;
  private static final int OPERATIONS = 1_000;
  private static final int MAX_IN_FLIGHT = 16;
  private static final RetryPolicy RETRIES =
      new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(30));

  /**
   * How the simulated cluster answers a request that arrives with {@code concurrent} in service.
   */
  private interface Cluster {
    Answer answer(long now, int concurrent);
  }

  /** After {@code latencyNanos}: every item answered {@code item}, or no answer at all. */
  private record Answer(long latencyNanos, BulkItemResult item, IOException failure) {
    static Answer ok(long latencyNanos) {
      return new Answer(latencyNanos, BulkItemResult.ok(), null);
    }
  }

  /** What a simulated minute came to. */
  private record Outcome(
      String scenario,
      int settledLimit,
      int lowestLimit,
      int highestLimit,
      double operationsPerSecond,
      double latencyMs,
      double retriedShare,
      long failedRequests,
      List<Integer> limitBySecond) {

    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %d (%d-%d) | %,.0f | %.0f | %.1f %% |",
          scenario,
          settledLimit,
          lowestLimit,
          highestLimit,
          operationsPerSecond,
          latencyMs,
          retriedShare * 100);
    }
  }

  /** Write threads that serve {@code threads} requests at once; more wait their turn. */
  private static Cluster knee(int threads, long serviceNanos) {
    return (now, concurrent) -> Answer.ok(serviceNanos * Math.max(threads, concurrent) / threads);
  }

  private static final BulkItemResult REJECTED =
      new BulkItemResult(429, "es_rejected_execution_exception", "write queue full");

  @Test
  void aKneeAboveFourRequestsSettlesJustAboveIt() {
    Outcome outcome = simulate("knee: latency rises above 4 requests", knee(4, 100 * MS));

    // Capacity: 4 requests of 1,000 operations per 100 ms.
    assertThat(outcome.settledLimit()).isBetween(4, 7);
    assertThat(outcome.operationsPerSecond()).isGreaterThan(0.85 * 40_000);
    // It settles where up to three requests queue in the cluster (ConcurrencyLimit's BETA).
    assertThat(outcome.latencyMs()).isLessThan(1.8 * 100);
    assertThat(outcome.retriedShare()).isZero();
  }

  @Test
  void rejectionsAboveFourRequestsHalveTheLimitAndOnlyTheRejectedItemsAreSentAgain() {
    Cluster rejecting =
        (now, concurrent) ->
            concurrent > 4 ? new Answer(5 * MS, REJECTED, null) : Answer.ok(100 * MS);
    Outcome outcome = simulate("429 above 4 requests", rejecting);

    assertThat(outcome.settledLimit()).isBetween(2, 5);
    assertThat(outcome.highestLimit()).isLessThanOrEqualTo(6);
    // A sawtooth below the 4 requests that fit: each rejection halves the limit.
    assertThat(outcome.operationsPerSecond()).isGreaterThan(0.45 * 40_000);
    assertThat(outcome.retriedShare()).isLessThan(0.10);
    assertThat(outcome.failedRequests()).isZero();
  }

  @Test
  void aLatencyJumpMidRunIsFollowedWithoutCollapsing() {
    Cluster slowing =
        (now, concurrent) ->
            knee(4, now < 30 * SECOND ? 50 * MS : 200 * MS).answer(now, concurrent);
    Outcome outcome = simulate("latency 50 ms, then 200 ms from 30 s (knee at 4)", slowing);

    // After the jump: 4 requests of 1,000 operations per 200 ms.
    assertThat(outcome.settledLimit()).isBetween(3, 7);
    assertThat(outcome.operationsPerSecond()).isGreaterThan(0.8 * 20_000);
    assertThat(outcome.latencyMs()).isLessThan(1.8 * 200);
  }

  @Test
  void aFlappingClusterIsWaitedOutAndTheLimitComesBack() {
    // Refuses connections 3 s in every 10 s, a knee at 4 otherwise.
    Cluster flapping =
        (now, concurrent) ->
            now % (10 * SECOND) >= 7 * SECOND
                ? new Answer(MS, null, new ConnectException("Connection refused"))
                : knee(4, 100 * MS).answer(now, concurrent);
    Outcome outcome = simulate("refuses connections 3 s in every 10 s", flapping);

    assertThat(outcome.failedRequests())
        .as("whole requests that failed, then retried")
        .isPositive();
    // Each outage takes the limit down to 1; it is back above the knee before the next one.
    for (int second = 16; second <= 56; second += 10) {
      assertThat(outcome.limitBySecond().get(second)).as("limit at %d s", second).isBetween(4, 7);
    }
    // Up 70 % of the time; each recovery waits out the rest of a backoff and regrows the limit.
    assertThat(outcome.operationsPerSecond()).isGreaterThan(0.35 * 40_000);
    assertThat(outcome.latencyMs()).isLessThan(1.8 * 100);
  }

  /** One in-flight request: its operations still to write and its tries so far. */
  private static final class Request {
    int operations = OPERATIONS;
    int retries;
  }

  private record Event(long at, long sequence, Runnable action) {}

  private static final class Simulation {
    long now;
    final Cluster cluster;
    final ConcurrencyLimit limit = ConcurrencyLimit.adaptive(MAX_IN_FLIGHT, (f, t, r) -> {});
    final PriorityQueue<Event> events =
        new PriorityQueue<>(
            (a, b) ->
                a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.sequence, b.sequence));
    long sequence;
    int inFlight;
    int inService;
    final List<long[]> written = new ArrayList<>(); // {at, operations}
    final List<long[]> latencies = new ArrayList<>(); // {at, nanos per request}
    final List<int[]> limits = new ArrayList<>(); // {second, limit}
    long retried;
    long failedRequests;

    Simulation(Cluster cluster) {
      this.cluster = cluster;
    }

    void at(long time, Runnable action) {
      events.add(new Event(time, sequence++, action));
    }

    void fill() {
      while (inFlight < limit.current()) {
        inFlight++;
        attempt(new Request());
      }
      limit.limitReached();
    }

    void attempt(Request request) {
      inService++;
      Answer answer = cluster.answer(now, inService);
      at(now + answer.latencyNanos(), () -> answered(request, answer));
    }

    void answered(Request request, Answer answer) {
      inService--;
      if (answer.failure() != null) {
        // As BulkSender does with a transient failure: no latency, retry the whole request.
        assertThat(RetryPolicy.kind(answer.failure())).isEqualTo(RetryPolicy.Kind.TRANSIENT);
        failedRequests++;
        limit.requestFailed(request.operations);
        retry(request, request.operations);
        return;
      }
      limit.answered(request.operations, 1 << 20, answer.latencyNanos());
      if (answer.item().disposition() == BulkItemResult.Disposition.RETRIABLE) {
        retried += request.operations;
        retry(request, request.operations);
        return;
      }
      assertThat(answer.item().disposition()).isEqualTo(BulkItemResult.Disposition.SUCCESS);
      written.add(new long[] {now, request.operations});
      latencies.add(new long[] {now, answer.latencyNanos()});
      inFlight--;
      fill();
    }

    void retry(Request request, int operations) {
      limit.retrying(operations);
      request.operations = operations;
      request.retries++;
      at(now + RETRIES.backoff(request.retries).toNanos(), () -> attempt(request));
    }

    Outcome run(String scenario) {
      for (int second = 0; second <= 60; second++) {
        int s = second;
        at(second * SECOND, () -> limits.add(new int[] {s, limit.limit()}));
      }
      at(0, this::fill);
      while (!events.isEmpty() && events.peek().at() <= MINUTE) {
        Event event = events.poll();
        now = event.at();
        event.action().run();
      }
      // Settled: the median limit over the last 20 s; rate and latency over the last 30 s.
      List<Integer> late =
          new ArrayList<>(limits.stream().filter(l -> l[0] >= 40).map(l -> l[1]).toList());
      Collections.sort(late);
      List<Integer> all = limits.stream().filter(l -> l[0] >= 10).map(l -> l[1]).toList();
      long from = MINUTE - 30 * SECOND;
      double operations = written.stream().filter(w -> w[0] >= from).mapToLong(w -> w[1]).sum();
      double latency =
          latencies.stream().filter(l -> l[0] >= from).mapToLong(l -> l[1]).average().orElse(0);
      double total = written.stream().mapToLong(w -> w[1]).sum();
      Outcome outcome =
          new Outcome(
              scenario,
              late.get(late.size() / 2),
              all.stream().mapToInt(Integer::intValue).min().orElse(0),
              all.stream().mapToInt(Integer::intValue).max().orElse(0),
              operations / 30,
              latency / MS,
              retried / Math.max(1, total + retried),
              failedRequests,
              limits.stream().map(l -> l[1]).toList());
      System.out.println(outcome.row());

      return outcome;
    }
  }

  private static Outcome simulate(String scenario, Cluster cluster) {
    return new Simulation(cluster).run(scenario);
  }
}
