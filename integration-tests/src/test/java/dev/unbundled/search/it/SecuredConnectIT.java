package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SecuredConnectWorker;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tool against a Connect REST API secured as in production: https with a certificate from a
 * private CA, and Connect's own basic-auth extension. The right credentials and CA work for every
 * command that changes something; a wrong password and an unknown CA each give one line that names
 * the problem; the password shows in no output of the tool and in no log of the worker.
 */
class SecuredConnectIT extends SharedStackTest {

  private static final String PASSWORD_ENV = "SEARCH_SINK_CONNECT_PASSWORD";

  private static SecuredConnectWorker worker;

  private final StatusTool tool;
  private final List<StatusTool.Result> runs = new ArrayList<>();
  private final List<String> connectors = new ArrayList<>();

  SecuredConnectIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
    this.tool = new StatusTool(worker.url());
  }

  @BeforeAll
  static void startSecuredWorker(EmbeddedConnectCluster connect) throws Exception {
    worker =
        SecuredConnectWorker.start(
            connect.kafka().bootstrapServers(),
            Path.of("target", "secured-connect", TestNames.unique("worker")));
  }

  @AfterAll
  static void stopSecuredWorker() {
    if (worker != null) {
      worker.close();
    }
  }

  @AfterEach
  void deleteSecuredConnectors() throws Exception {
    for (String name : connectors) {
      worker.deleteConnector(name);
    }
  }

  private StatusTool.Result tool(Map<String, String> environment, String... args) throws Exception {
    StatusTool.Result result = tool.run(environment, args);
    runs.add(result);
    return result;
  }

  private StatusTool.Result authorized(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--connect-user=" + SecuredConnectWorker.USER);
    all.add("--connect-ca=" + worker.certificates().ca().toAbsolutePath());
    return tool(Map.of(PASSWORD_ENV, worker.password()), all.toArray(String[]::new));
  }

  @Test
  void everyCommandWorksWithTheRightCredentialsAndCa() throws Exception {
    String topic = TestNames.unique("secured");
    connect.kafka().createTopic(topic, 1);
    Kafka.produce(connect, topic, ChangeLog.random(100, 500, 10, 181));
    String v1 = topic + "-search-v1";
    String v2 = topic + "-search-v2";
    connectors.addAll(List.of(v1, v2));
    worker.putConnector(v1, SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));

    StatusTool.Result live = authorized("status", v1, "--until", "live", "--timeout", "2m");
    assertThat(live.exitCode()).as(live.out() + live.err()).isZero();

    StatusTool.Result reindexed = authorized("reindex", v1, "--no-watch");
    assertThat(reindexed.exitCode()).as(reindexed.out() + reindexed.err()).isZero();
    assertThat(reindexed.out()).contains("Created connector " + v2);
    assertThat(worker.connectorStatusCode(v2)).isEqualTo(200);

    StatusTool.Result v2Live =
        authorized("status", v2, "--until", "live", "--timeout", "2m", "--json");
    assertThat(v2Live.exitCode()).as(v2Live.out() + v2Live.err()).isZero();
    assertThat(elasticsearch.aliasHolders(topic)).containsExactly(topic + "-v2");

    StatusTool.Result retired = authorized("retire", v1, "--delete-indexes", "--yes");
    assertThat(retired.exitCode()).as(retired.out() + retired.err()).isZero();
    assertThat(worker.connectorStatusCode(v1)).isEqualTo(404);
    assertThat(elasticsearch.indexExists(topic + "-v1")).isFalse();

    // The password on the command line (what the documentation advises against) is not echoed.
    StatusTool.Result inline =
        tool(
            Map.of(),
            "status",
            "--json",
            "--interval=0.2",
            "--connect-user=" + SecuredConnectWorker.USER,
            "--connect-password=" + worker.password(),
            "--connect-ca=" + worker.certificates().ca().toAbsolutePath());
    assertThat(inline.exitCode()).as(inline.out() + inline.err()).isZero();
    assertThat(inline.out()).contains("\"name\":\"" + v2 + "\"");

    assertPasswordNowhere(worker.password());
  }

  @Test
  void aWrongPasswordIsOneLineNamingTheProblem() throws Exception {
    String wrong = "Wrong-Pa55-" + System.nanoTime();
    StatusTool.Result refused =
        tool(
            Map.of(PASSWORD_ENV, wrong),
            "status",
            "--connect-user=" + SecuredConnectWorker.USER,
            "--connect-ca=" + worker.certificates().ca().toAbsolutePath());

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err().strip().lines()).hasSize(1);
    assertThat(refused.err())
        .contains("refused the credentials of user '" + SecuredConnectWorker.USER + "' (HTTP 401)");

    StatusTool.Result anonymous =
        tool(Map.of(), "reindex", "any-v1", "--connect-ca=" + worker.certificates().ca());
    assertThat(anonymous.exitCode()).isEqualTo(2);
    assertThat(anonymous.err().strip().lines()).hasSize(1);
    assertThat(anonymous.err()).contains("requires authentication (HTTP 401)");

    assertPasswordNowhere(wrong);
  }

  @Test
  void anUnknownCaIsOneLineNamingTheProblem() throws Exception {
    Map<String, String> environment = Map.of(PASSWORD_ENV, worker.password());
    String user = "--connect-user=" + SecuredConnectWorker.USER;
    StatusTool.Result otherCa =
        tool(
            environment,
            "status",
            user,
            "--connect-ca=" + worker.certificates().otherCa().toAbsolutePath());
    StatusTool.Result jvmDefaults = tool(environment, "retire", "any-v1", "--yes", user);

    for (StatusTool.Result result : List.of(otherCa, jvmDefaults)) {
      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.out()).isEmpty();
      assertThat(result.err().strip().lines()).hasSize(1);
      assertThat(result.err())
          .contains("Cannot reach Kafka Connect at " + worker.url())
          .contains(
              "its TLS certificate is not signed by a trusted CA; give its CA with --connect-ca");
    }
    assertPasswordNowhere(worker.password());
  }

  private void assertPasswordNowhere(String password) throws Exception {
    for (StatusTool.Result run : runs) {
      assertThat(run.out()).doesNotContain(password);
      assertThat(run.err()).doesNotContain(password);
    }
    assertThat(worker.logs()).as("the worker's logs").isNotEmpty().doesNotContain(password);
  }
}
