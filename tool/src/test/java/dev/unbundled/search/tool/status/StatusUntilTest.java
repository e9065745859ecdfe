package dev.unbundled.search.tool.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.index.Phase;
import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.ToolJson;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.connect.FakeConnect;
import dev.unbundled.search.tool.session.FakeSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code status} and {@code status --until} from Connect, the cluster and Kafka to the printed
 * outcome and exit code, on fakes and a clock that only moves when the wait sleeps.
 */
class StatusUntilTest {

  private static final Duration INTERVAL = Duration.ofSeconds(2);

  private final FakeConnect connect = new FakeConnect();
  private final FakeSessions sessions = new FakeSessions();
  private final StringWriter printed = new StringWriter();
  private final StringWriter progress = new StringWriter();
  private long nanos;

  @BeforeEach
  void aConnectorBuildingItsIndex() {
    Map<String, String> config = new TreeMap<>();
    config.put("connector.class", ConnectClient.CONNECTOR_CLASS);
    config.put("topics", "orders");
    config.put("connection.url", "http://localhost:9200");
    config.put("kafka.bootstrap.servers", "localhost:9092");
    config.put("index.version", "2");
    connect.with("orders-search-v2", config);
    sessions.es.createIndex(
        "orders-v2", IndexOwnership.created("orders-search-v2", "orders", 2).toMeta(null));
    sessions.at("orders-search-v2", "orders", 400, 1_000);
  }

  private StatusSampler sampler() {
    return new StatusSampler(new ConnectClient(connect), sessions, List.of("orders-search-v2"));
  }

  private int until(PhaseWait.Until until, Duration timeout, boolean json) throws Exception {
    PhaseWaitRun run =
        new PhaseWaitRun(
            until,
            timeout,
            INTERVAL,
            List.of("orders-search-v2"),
            json,
            false,
            () -> nanos,
            pause -> nanos += pause.toNanos());
    try (StatusSampler sampler = sampler()) {
      return run.run(sampler::read, new PrintWriter(printed), new PrintWriter(progress));
    }
  }

  private void live() {
    sessions
        .es
        .index("orders-v2")
        .setMeta(
            IndexOwnership.created("orders-search-v2", "orders", 2)
                .tuningRestored()
                .promoted(java.time.Instant.now())
                .toMeta(null));
    sessions.es.pointAlias("orders", "orders-v2");
    sessions.at("orders-search-v2", "orders", 1_000, 1_000);
  }

  @Test
  void aStatusShowsProgressPhaseAndWhereTheAliasPoints() throws Exception {
    try (StatusSampler sampler = sampler()) {
      ConnectorStatus status = sampler.read().get(0);

      assertThat(status.phase()).isEqualTo(Phase.BUILDING.name());
      assertThat(status.error()).isNull();
      ConnectorStatus.TopicStatus topic = status.topics().get(0);
      assertThat(topic.indexes()).containsExactly("orders-v2");
      assertThat(topic.records()).isEqualTo(1_000);
      assertThat(topic.done()).isEqualTo(400);
      assertThat(topic.behind()).isEqualTo(600);
      assertThat(topic.progress()).isEqualTo(0.4);
      assertThat(status.aliases())
          .containsExactly(new ConnectorStatus.AliasStatus("orders", "read", List.of()));
    }
  }

  @Test
  void anUnreachableKafkaIsAnErrorInTheStatusNotAFailureOfTheTool() throws Exception {
    sessions.kafkaFailure = new IOException("Kafka at localhost:9092 did not answer within 30 s");

    try (StatusSampler sampler = sampler()) {
      ConnectorStatus status = sampler.read().get(0);

      assertThat(status.phase()).isEqualTo("UNKNOWN");
      assertThat(status.error()).contains("did not answer");
    }
  }

  @Test
  void untilLiveExitsZeroOnceTheIndexHoldsItsReadAlias() throws Exception {
    live();

    assertThat(until(PhaseWait.Until.LIVE, Duration.ofMinutes(1), false))
        .isEqualTo(ExitCode.OK.code());

    assertThat(printed.toString()).contains("orders-search-v2 is live.");
  }

  @Test
  void untilLiveExitsThreeWhenTheTimeoutRunsOutWhileBuilding() throws Exception {
    assertThat(until(PhaseWait.Until.LIVE, Duration.ofSeconds(10), false))
        .isEqualTo(ExitCode.TIMED_OUT.code());

    assertThat(printed.toString())
        .contains("Timed out after 10s waiting until live:")
        .contains("orders-search-v2 is BUILDING, 600 records behind");
    assertThat(nanos).isEqualTo(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void untilExitsFourWithTheTraceWhenATaskFails() throws Exception {
    connect.states.put("orders-search-v2", "FAILED");

    assertThat(until(PhaseWait.Until.LIVE, Duration.ofMinutes(1), true))
        .isEqualTo(ExitCode.CONNECTOR_FAILED.code());

    JsonNode report = ToolJson.MAPPER.readTree(printed.toString());
    assertThat(report.path("outcome").asText()).isEqualTo("failed");
    assertThat(report.path("until").asText()).isEqualTo("live");
    assertThat(report.path("reasons").toString()).contains("connector orders-search-v2 failed");
  }

  @Test
  void anUnreadableSampleDelaysTheWaitButDoesNotEndIt() throws Exception {
    sessions.kafkaFailure = new IOException("Kafka down");

    assertThat(until(PhaseWait.Until.LIVE, Duration.ofSeconds(4), false))
        .isEqualTo(ExitCode.TIMED_OUT.code());

    assertThat(printed.toString()).contains("cannot read where it stands: Kafka down");
  }
}
