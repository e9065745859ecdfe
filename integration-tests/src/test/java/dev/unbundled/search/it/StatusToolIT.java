package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The operator's tool against the real stack: status, promote, rollback and verify. */
@Tag(Engine.TAG_ELASTICSEARCH_9)
@Tag(Engine.TAG_OPENSEARCH_2)
class StatusToolIT extends SharedStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StatusTool tool;

  StatusToolIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
    this.tool = new StatusTool(connect);
  }

  /** A connector held to small requests, one at a time, so its build lasts a few seconds. */
  private Map<String, String> slowSink(String topic, int version, int batchSize) {
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, version, 1);
    config.put("batch.size", Integer.toString(batchSize));
    config.put("max.in.flight.requests", "1");
    return config;
  }

  @Test
  void statusJsonShowsProgressRisingToCompletionAndThePhaseChanging() throws Exception {
    String topic = TestNames.unique("status");
    connect.kafka().createTopic(topic, 2);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(2_000, 20_000, 10, 100));
    String connector = createConnector(slowSink(topic, 1, 20));

    List<JsonNode> samples = new ArrayList<>();
    Process watch = tool.start("status", connector, "--json", "--watch", "--interval=0.5");
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    watchdog.schedule(watch::destroyForcibly, 3, TimeUnit.MINUTES);
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        JsonNode status = JSON.readTree(line).path("connectors").path(0);
        samples.add(status);
        if (status.path("phase").asText().equals("LIVE")) {
          break;
        }
      }
    } finally {
      watch.destroyForcibly();
      watchdog.shutdownNow();
    }

    assertThat(samples).isNotEmpty();
    assertThat(samples).allSatisfy(s -> assertThat(s.path("name").asText()).isEqualTo(connector));
    List<Double> progress =
        samples.stream().map(s -> s.path("topics").path(0).path("progress").asDouble()).toList();
    assertThat(progress).as("progress over time").isSorted();
    assertThat(samples)
        .as("a sample in the middle of the build")
        .anySatisfy(
            s -> {
              assertThat(s.path("phase").asText()).isEqualTo("BUILDING");
              assertThat(s.path("topics").path(0).path("progress").asDouble())
                  .isBetween(0.01, 0.99);
              assertThat(s.path("topics").path(0).path("records_per_second").asDouble())
                  .isPositive();
            });
    JsonNode last = samples.get(samples.size() - 1);
    assertThat(last.path("phase").asText()).isEqualTo("LIVE");
    assertThat(last.path("state").asText()).isEqualTo("RUNNING");
    JsonNode topicStatus = last.path("topics").path(0);
    assertThat(topicStatus.path("topic").asText()).isEqualTo(topic);
    assertThat(topicStatus.path("indexes").path(0).asText()).isEqualTo(topic + "-v1");
    assertThat(topicStatus.path("progress").asDouble()).isEqualTo(1.0);
    assertThat(topicStatus.path("behind").asLong()).isZero();
    assertThat(topicStatus.path("records").asLong()).isEqualTo(produced.size());
    assertThat(topicStatus.path("eta_seconds").asLong()).isZero();
    // The task's commits carry its in-flight limit: adaptive, within the ceiling set above.
    assertThat(topicStatus.path("in_flight").path("ceiling").asInt()).isEqualTo(1);
    assertThat(topicStatus.path("in_flight").path("highest").asInt()).isEqualTo(1);
    String[] product = elasticsearch.product().split(" ");
    assertThat(last.path("engine").path("name").asText())
        .isEqualTo(product[0].toLowerCase(java.util.Locale.ROOT));
    assertThat(last.path("engine").path("version").asText()).isEqualTo(product[1]);
    JsonNode alias = last.path("aliases").path(0);
    assertThat(alias.path("alias").asText()).isEqualTo(topic);
    assertThat(alias.path("indexes").path(0).asText()).isEqualTo(topic + "-v1");
    TestUtils.waitForCondition(
        () ->
            tool.run("status", connector, "--json", "--interval=0.2")
                .out()
                .contains("\"documents\":" + ChangeLog.latestLiveRecords(produced).size() + ","),
        30_000,
        "status never counted the searchable documents");
    assertThat(tool.run("status", connector, "--plain", "--interval=0.2").out())
        .contains(connector + "  RUNNING")
        .contains("engine " + elasticsearch.product());
  }

  @Test
  void promoteAndRollbackMoveTheAliasAndRefuseTargetsThatAreNotReady() throws Exception {
    String topic = TestNames.unique("moves");
    connect.kafka().createTopic(topic, 1);
    Kafka.produce(connect, topic, ChangeLog.random(300, 3_000, 10, 101));
    String v1 = startConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));
    awaitAlias(topic, topic + "-v1");

    Map<String, String> v2Config = slowSink(topic, 2, 1);
    v2Config.put("alias.promotion", "manual");
    String v2 = createConnector(v2Config);
    TestUtils.waitForCondition(
        () -> elasticsearch.indexExists(topic + "-v2"), 60_000, "v2 created no index");
    StatusTool.Result refused = tool.run("promote", v2);
    assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
    assertThat(refused.out())
        .contains("Refusing to promote " + v2)
        .containsAnyOf("build phase", "records behind");
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v1");

    TestUtils.waitForCondition(
        () -> elasticsearch.ownership(topic + "-v2").path("phase").asText().equals("STANDBY"),
        120_000,
        "v2 never caught up");
    StatusTool.Result dryRun = tool.run("promote", v2, "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();
    assertThat(dryRun.out())
        .contains("Would move alias " + topic + ": " + topic + "-v1 -> " + topic + "-v2")
        .contains("POST /_aliases")
        .contains("\"must_exist\" : true");
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v1");

    StatusTool.Result promoted = tool.run("promote", v2);
    assertThat(promoted.exitCode()).as(promoted.out() + promoted.err()).isZero();
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v2");
    assertThat(elasticsearch.ownership(topic + "-v2").path("promoted_at").isTextual()).isTrue();

    StatusTool.Result rolledBack = tool.run("rollback", topic);
    assertThat(rolledBack.exitCode()).as(rolledBack.out() + rolledBack.err()).isZero();
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v1");
    // Neither connector takes it back: v1 has it, v2 was promoted once already.
    Thread.sleep(2_000);
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v1");

    assertThat(tool.run("promote", v2).exitCode()).isZero();
    deleteConnector(v1);
    StatusTool.Result stale = tool.run("rollback", topic);
    assertThat(stale.exitCode()).as(stale.out() + stale.err()).isEqualTo(1);
    assertThat(stale.out()).contains("connector " + v1).contains("no longer exists");
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v2");
  }

  @Test
  void verifyPassesOnAConvergedIndexAndNamesDocumentsChangedBehindTheConnectorsBack()
      throws Exception {
    String topic = TestNames.unique("verified");
    String index = topic + "-v1";
    connect.kafka().createTopic(topic, 2);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(400, 2_000, 8, 102));
    String connector = startConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    StatusTool.Result clean = tool.run("verify", connector);
    assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
    int live = ChangeLog.latestLiveRecords(produced).size();
    assertThat(clean.out())
        .contains(String.format("read %,d records", produced.size()))
        .contains(String.format("expected %,d documents, found %,d", live, live))
        .endsWith("MATCH\n");

    List<String> ids = new ArrayList<>(ChangeLog.latestLiveRecords(produced).keySet());
    ids.sort(null);
    String deleted = ids.get(0);
    String rewritten = ids.get(1);
    elasticsearch.delete("/" + index + "/_doc/" + deleted);
    elasticsearch.put("/" + index + "/_doc/" + rewritten, "{\"id\": -1}");
    elasticsearch.put("/" + index + "/_doc/intruder", "{\"id\": -2}");

    StatusTool.Result changed = tool.run("verify", connector);
    assertThat(changed.exitCode()).as(changed.out() + changed.err()).isEqualTo(1);
    assertThat(changed.out())
        .contains("1 missing, 1 extra, 1 with another version")
        .contains("missing: " + deleted)
        .contains("extra: intruder")
        .contains("another version: " + rewritten)
        .endsWith("DIFFERENT\n");
  }

  @Test
  void statusDrawsProgressBarsInATerminalAndRedrawsThemInPlace() throws Exception {
    String topic = TestNames.unique("terminal");
    connect.kafka().createTopic(topic, 2);
    Kafka.produce(connect, topic, ChangeLog.random(2_000, 20_000, 10, 103));
    // Requests of 5 records, one at a time: the build lasts longer than the tool takes to start
    // and draw in tmux, even on a quiet machine (with 20 a run finished before its first bar).
    String connector = createConnector(slowSink(topic, 1, 5));
    String session = "status-" + topic;
    List<String> tmux =
        new ArrayList<>(
            List.of("tmux", "new-session", "-d", "-s", session, "-x", "220", "-y", "20"));
    tmux.add(String.join(" ", tool.command("status", connector, "--interval=0.5")));
    assertThat(run(tmux)).as("tmux new-session").isZero();
    Set<String> renderings = new LinkedHashSet<>();
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        String screen = capture(session);
        List<String> barLines =
            screen.lines().filter(line -> line.contains(connector + " " + topic)).toList();
        if (!barLines.isEmpty()) {
          assertThat(barLines).as("one bar, redrawn in place:\n" + screen).hasSize(1);
          String bar = barLines.get(0);
          assertThat(bar).containsPattern("\\d+%").contains("[").contains("]");
          renderings.add(bar.replaceAll("\\s+$", ""));
          if (bar.contains("100%") && bar.contains("LIVE")) {
            break;
          }
        }
        Thread.sleep(300);
      }
    } finally {
      run(List.of("tmux", "kill-session", "-t", session));
    }
    assertThat(renderings).as("renderings of the bar").hasSizeGreaterThan(2);
    assertThat(renderings.stream().reduce((a, b) -> b).orElseThrow())
        .contains("100%")
        .contains("LIVE");
  }

  private String capture(String session) throws Exception {
    Process capture =
        new ProcessBuilder("tmux", "capture-pane", "-p", "-t", session)
            .redirectErrorStream(true)
            .start();
    String screen = new String(capture.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    capture.waitFor();
    return screen;
  }

  private static int run(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putIfAbsent("TERM", "xterm");
    Process process = builder.start();
    process.getInputStream().readAllBytes();
    return process.waitFor();
  }

  private void awaitAlias(String alias, String index) throws InterruptedException {
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(alias).equals(List.of(index)),
        60_000,
        "alias " + alias + " never pointed at " + index);
  }
}
