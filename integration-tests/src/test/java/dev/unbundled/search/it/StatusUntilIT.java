package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

/**
 * Waiting on a rebuild from a script: {@code status --until} exits 0 when the state is reached, 3
 * when time runs out (a manual promotion nobody makes), 4 with the trace when a task fails, which
 * {@code reindex} reports the same way while it watches.
 */
class StatusUntilIT extends SharedStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StatusTool tool;

  StatusUntilIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
    this.tool = new StatusTool(connect);
  }

  @Test
  void untilLiveTimesOutWhenPromotionIsManualAndNobodyPromotes() throws Exception {
    String topic = TestNames.unique("manual");
    connect.kafka().createTopic(topic, 1);
    Kafka.produce(connect, topic, ChangeLog.random(100, 500, 10, 192));
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("alias.promotion", "manual");
    config.put("alias.preview.name.format", "${topic}-preview");
    String connector = startConnector(config);

    StatusTool.Result caughtUp =
        tool.run("status", connector, "--until", "caught-up", "--timeout", "2m", "--interval=0.5");
    assertThat(caughtUp.exitCode()).as(caughtUp.out() + caughtUp.err()).isZero();
    assertThat(caughtUp.out()).endsWith(connector + " is caught-up.\n");
    assertThat(elasticsearch.aliasHolders(topic + "-preview")).containsExactly(topic + "-v1");

    StatusTool.Result live =
        tool.run("status", connector, "--until", "live", "--timeout", "6s", "--interval=0.5");
    assertThat(live.exitCode()).as(live.out() + live.err()).isEqualTo(3);
    assertThat(live.out())
        .contains("Timed out after 6s waiting until live:")
        .contains("  " + connector + " is STANDBY; read alias " + topic + " -> (none)");
    assertThat(elasticsearch.aliasHolders(topic)).isEmpty();
  }

  @Test
  void aFailingTaskEndsTheWaitWithExitCodeFourAndItsTrace() throws Exception {
    String topic = TestNames.unique("failing");
    connect.kafka().createTopic(topic, 1);
    Kafka.produce(connect, topic, ChangeLog.random(50, 200, 10, 193));
    String v1 = topic + "-search-v1";
    String v2 = topic + "-search-v2";
    deleteAfterTest(v1);
    deleteAfterTest(v2);
    connect.configureConnector(v1, SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).equals(List.of(topic + "-v1")),
        60_000,
        "v1 never went live");

    // "status" holds strings such as "rev-12": a long mapping rejects every document.
    StatusTool.Result reindexed =
        tool.run(
            "reindex",
            v1,
            "--set",
            "index.mappings={\"properties\": {\"status\": {\"type\": \"long\"}}}",
            "--interval=0.5",
            "--timeout=2m");
    assertThat(reindexed.exitCode()).as(reindexed.out() + reindexed.err()).isEqualTo(4);
    assertThat(reindexed.out())
        .contains("Created connector " + v2 + ".")
        .contains("Stopped waiting until live:")
        .contains("  task 0 of " + v2 + " failed on worker ")
        .contains(topic)
        .contains("The connector " + v2 + " exists; see: search-sink status " + v2);

    StatusTool.Result waited =
        tool.run("status", v2, "--until", "live", "--timeout", "1m", "--json");
    assertThat(waited.exitCode()).as(waited.out() + waited.err()).isEqualTo(4);
    JsonNode report = JSON.readTree(waited.out());
    assertThat(report.path("until").asText()).isEqualTo("live");
    assertThat(report.path("outcome").asText()).isEqualTo("failed");
    assertThat(report.path("reasons").get(0).asText()).startsWith("task 0 of " + v2 + " failed");
    assertThat(report.path("reasons").toString()).contains("caused by");
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v1");
  }
}
