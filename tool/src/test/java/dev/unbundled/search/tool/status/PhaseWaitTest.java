package dev.unbundled.search.tool.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unbundled.search.tool.ToolException;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Waiting for a phase, on scripted statuses and a clock that only moves when the wait sleeps. */
class PhaseWaitTest {

  private static final Duration INTERVAL = Duration.ofSeconds(2);

  private final AtomicLong now = new AtomicLong();
  private final List<String> unreadable = new ArrayList<>();
  private final PhaseWait.Listener listener =
      new PhaseWait.Listener() {
        @Override
        public void sampled(List<ConnectorStatus> statuses) {}

        @Override
        public void unreadable(String error) {
          unreadable.add(error);
        }
      };
  private int samples;

  private static ConnectorStatus status(
      String name, String phase, String readAliasOn, String previewAliasOn, long behind) {
    return new ConnectorStatus(
        name,
        "RUNNING",
        List.of(new SinkConnectorInfo.TaskState(0, "RUNNING", "w1", null, List.of())),
        2,
        phase,
        "auto",
        null,
        List.of(
            new ConnectorStatus.TopicStatus(
                "orders",
                List.of("orders-v2"),
                phase,
                0,
                100,
                100 - behind,
                behind,
                1.0,
                null,
                0L,
                null,
                null,
                null,
                null)),
        List.of(
            new ConnectorStatus.AliasStatus("orders", "read", on(readAliasOn)),
            new ConnectorStatus.AliasStatus("orders-preview", "preview", on(previewAliasOn))),
        null,
        List.of());
  }

  private static List<String> on(String index) {
    return index == null ? List.of() : List.of(index);
  }

  private static ConnectorStatus failedTask(String name) {
    ConnectorStatus building = status(name, "BUILDING", "orders-v1", null, 50);
    return new ConnectorStatus(
        name,
        "RUNNING",
        List.of(
            new SinkConnectorInfo.TaskState(
                0,
                "FAILED",
                "127.0.0.1:8083",
                "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask",
                List.of(
                    "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask",
                    "caused by org.apache.kafka.connect.errors.DataException: orders-0 at offset"
                        + " 7: mapper_parsing_exception"))),
        building.version(),
        building.phase(),
        building.promotion(),
        building.engine(),
        building.topics(),
        building.aliases(),
        null,
        List.of());
  }

  private PhaseWait wait(PhaseWait.Until until, Duration timeout, String... names) {
    return new PhaseWait(
        until,
        List.of(names),
        timeout,
        INTERVAL,
        now::get,
        pause -> now.addAndGet(pause.toNanos()));
  }

  @SafeVarargs
  private PhaseWait.Result await(PhaseWait wait, List<ConnectorStatus>... script) throws Exception {
    Deque<List<ConnectorStatus>> queue = new ArrayDeque<>(List.of(script));
    return wait.await(
        () -> {
          samples++;
          return queue.size() > 1 ? queue.poll() : queue.peek();
        },
        listener);
  }

  @Test
  void liveIsReachedWhenTheIndexHoldsTheReadAlias() throws Exception {
    PhaseWait.Result result =
        await(
            wait(PhaseWait.Until.LIVE, null, "v2"),
            List.of(status("v2", "BUILDING", "orders-v1", null, 60)),
            List.of(status("v2", "CAUGHT_UP", "orders-v1", "orders-v2", 0)),
            List.of(status("v2", "LIVE", "orders-v2", "orders-v2", 0)));

    assertThat(result.outcome()).isEqualTo(PhaseWait.Outcome.REACHED);
    assertThat(result.exitCode()).isZero();
    assertThat(samples).isEqualTo(3);
  }

  @Test
  void aLivePhaseWhoseAliasWasMovedBackIsNotLiveAndTimesOut() throws Exception {
    PhaseWait.Result result =
        await(
            wait(PhaseWait.Until.LIVE, Duration.ofSeconds(10), "v2"),
            List.of(status("v2", "LIVE", "orders-v1", "orders-v2", 0)));

    assertThat(result.outcome()).isEqualTo(PhaseWait.Outcome.TIMED_OUT);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.reasons()).containsExactly("v2 is LIVE; read alias orders -> orders-v1");
    assertThat(samples).as("one sample per interval within the timeout").isEqualTo(6);
    assertThat(now.get()).isEqualTo(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void caughtUpNeedsTheBuildOverAndThePreviewAlias() throws Exception {
    PhaseWait.Result result =
        await(
            wait(PhaseWait.Until.CAUGHT_UP, Duration.ofMinutes(1), "v2"),
            List.of(status("v2", "BUILDING", "orders-v1", null, 10)),
            List.of(status("v2", "STANDBY", "orders-v1", null, 0)),
            List.of(status("v2", "STANDBY", "orders-v1", "orders-v2", 0)));

    assertThat(result.outcome()).isEqualTo(PhaseWait.Outcome.REACHED);
    assertThat(samples).isEqualTo(3);
  }

  @Test
  void aFailedTaskEndsTheWaitWithItsTrace() throws Exception {
    PhaseWait.Result result =
        await(
            wait(PhaseWait.Until.LIVE, null, "v2"),
            List.of(status("v2", "BUILDING", "orders-v1", null, 60)),
            List.of(failedTask("v2")));

    assertThat(result.outcome()).isEqualTo(PhaseWait.Outcome.FAILED);
    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.reasons())
        .containsExactly(
            "task 0 of v2 failed on worker 127.0.0.1:8083",
            "  org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask",
            "  caused by org.apache.kafka.connect.errors.DataException: orders-0 at offset 7:"
                + " mapper_parsing_exception");
  }

  @Test
  void everyShownConnectorMustArrive() throws Exception {
    PhaseWait.Result result =
        await(
            wait(PhaseWait.Until.LIVE, Duration.ofSeconds(4)),
            List.of(
                status("a", "LIVE", "orders-v2", null, 0),
                status("b", "STANDBY", "orders-v1", null, 0)));

    assertThat(result.outcome()).isEqualTo(PhaseWait.Outcome.TIMED_OUT);
    assertThat(result.reasons()).singleElement().asString().startsWith("b is STANDBY");
  }

  @Test
  void anUnreadableSampleDelaysTheWaitButTheFirstMustBeRead() throws Exception {
    Deque<Object> script =
        new ArrayDeque<>(
            List.of(
                List.of(status("v2", "BUILDING", "orders-v1", null, 5)),
                new IOException("Elasticsearch unreachable"),
                List.of(status("v2", "LIVE", "orders-v2", null, 0))));
    PhaseWait.Result result =
        wait(PhaseWait.Until.LIVE, null, "v2")
            .await(
                () -> {
                  Object next = script.poll();
                  if (next instanceof Exception e) {
                    throw e;
                  }
                  @SuppressWarnings("unchecked")
                  List<ConnectorStatus> statuses = (List<ConnectorStatus>) next;
                  return statuses;
                },
                listener);

    assertThat(result.outcome()).isEqualTo(PhaseWait.Outcome.REACHED);
    assertThat(unreadable).containsExactly("Elasticsearch unreachable");
    assertThatThrownBy(
            () ->
                wait(PhaseWait.Until.LIVE, null, "v2")
                    .await(
                        () -> {
                          throw new IOException("Connect unreachable");
                        },
                        null))
        .hasMessage("Connect unreachable");
  }

  @Test
  void aNewConnectorNotListedYetIsWaitedFor() throws Exception {
    PhaseWait.Result result =
        await(
            wait(PhaseWait.Until.LIVE, null, "v2"),
            List.of(status("v1", "LIVE", "orders-v1", null, 0)),
            List.of(status("v2", "LIVE", "orders-v2", null, 0)));

    assertThat(result.outcome()).isEqualTo(PhaseWait.Outcome.REACHED);
    assertThat(samples).isEqualTo(2);
  }

  @Test
  void withNoConnectorAtAllThereIsNothingToWaitFor() {
    assertThatThrownBy(() -> await(wait(PhaseWait.Until.LIVE, null), List.of()))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("to wait for");
  }

  @Test
  void aConnectorDeletedWhileWaitedForIsAFailure() throws Exception {
    PhaseWait.Result result =
        await(
            wait(PhaseWait.Until.LIVE, null, "v2"),
            List.of(status("v2", "BUILDING", "orders-v1", null, 60)),
            List.of());

    assertThat(result.outcome()).isEqualTo(PhaseWait.Outcome.FAILED);
    assertThat(result.reasons()).containsExactly("connector v2 no longer exists");
  }
}
