package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SearchStackExtension;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import dev.unbundled.search.localstack.ElasticsearchServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Elasticsearch with security on: TLS with a CA made by the distribution's certutil, users
 * from the file realm. Right CA and credentials work; a wrong CA, a wrong password or missing
 * privileges give messages that say what is wrong; no password ever reaches the logs.
 */
class SecuredElasticsearchIT extends SharedStackTest {

  private static final String WRITER_PASSWORD = "writer-Pa55-" + System.nanoTime();
  private static final String ADMIN_PASSWORD = "admin-Pa55-" + System.nanoTime();
  private static final String READER_PASSWORD = "reader-Pa55-" + System.nanoTime();
  private static final String WRONG_PASSWORD = "wrong-Pa55-" + System.nanoTime();
  private static final String REVOCABLE_PASSWORD = "revocable-Pa55-" + System.nanoTime();
  private static final String REVOCABLE_PRIVILEGES =
      "privileges: ['create_index', 'write', 'manage'] # revocable";

  private static ElasticsearchServer secured;
  private static Path ca;
  private static Path otherCa;
  private static Path roles;

  SecuredElasticsearchIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @BeforeAll
  static void startSecuredServer() throws Exception {
    ElasticsearchServer.Setup setup =
        new ElasticsearchServer.Setup(
            Map.of(
                "xpack.security.enabled", "true",
                "xpack.security.http.ssl.enabled", "true",
                "xpack.security.http.ssl.certificate", "certs/instance/instance.crt",
                "xpack.security.http.ssl.key", "certs/instance/instance.key",
                "xpack.security.http.ssl.certificate_authorities", "certs/ca/ca.crt",
                "xpack.security.transport.ssl.enabled", "false"),
            (config, tool) -> {
              Path certs = config.resolve("certs");
              certutil(tool, config, certs, "ca", "--silent", "--pem");
              certutil(
                  tool,
                  config,
                  certs,
                  "cert",
                  "--silent",
                  "--pem",
                  "--ca-cert",
                  certs.resolve("ca/ca.crt").toString(),
                  "--ca-key",
                  certs.resolve("ca/ca.key").toString(),
                  "--dns",
                  "localhost",
                  "--ip",
                  "127.0.0.1");
              certutil(tool, config, certs.resolve("other"), "ca", "--silent", "--pem");
              Files.writeString(
                  config.resolve("roles.yml"),
                  """
                  search_sink:
                    cluster: ['monitor']
                    indices:
                      - names: ['*']
                        privileges: ['create_index', 'write', 'manage']
                  search_reader:
                    cluster: ['monitor']
                    indices:
                      - names: ['*']
                        privileges: ['read']
                  search_sink_revocable:
                    cluster: ['monitor']
                    indices:
                      - names: ['*']
                        %s
                  """
                      .formatted(REVOCABLE_PRIVILEGES));
              roles = config.resolve("roles.yml");
              tool.run(
                  "elasticsearch-users",
                  "useradd",
                  "revocable",
                  "-p",
                  REVOCABLE_PASSWORD,
                  "-r",
                  "search_sink_revocable");
              tool.run(
                  "elasticsearch-users",
                  "useradd",
                  "writer",
                  "-p",
                  WRITER_PASSWORD,
                  "-r",
                  "search_sink");
              tool.run(
                  "elasticsearch-users",
                  "useradd",
                  "admin",
                  "-p",
                  ADMIN_PASSWORD,
                  "-r",
                  "superuser");
              tool.run(
                  "elasticsearch-users",
                  "useradd",
                  "reader",
                  "-p",
                  READER_PASSWORD,
                  "-r",
                  "search_reader");
              ca = certs.resolve("ca/ca.crt");
              otherCa = certs.resolve("other/ca/ca.crt");
            },
            true);
    secured =
        ElasticsearchServer.start(
            Path.of(System.getProperty(SearchStackExtension.ELASTICSEARCH_HOME_PROPERTY)),
            Path.of("target", "elasticsearch-logs", "secured"),
            "512m",
            setup);
  }

  @AfterAll
  static void stopSecuredServer() {
    if (secured != null) {
      secured.close();
    }
  }

  /** Runs elasticsearch-certutil, which writes a zip, and unpacks the zip into {@code into}. */
  private static void certutil(
      ElasticsearchServer.ToolRunner tool, Path config, Path into, String... args)
      throws IOException, InterruptedException {
    Path zip = Files.createTempFile(config, "certutil-", ".zip");
    Files.delete(zip);
    String[] withOut = java.util.Arrays.copyOf(args, args.length + 2);
    withOut[args.length] = "--out";
    withOut[args.length + 1] = zip.toString();
    tool.run("elasticsearch-certutil", withOut);
    unzip(zip, into);
    Files.delete(zip);
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path target = into.resolve(entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy((InputStream) in, target);
        }
      }
    }
  }

  private Map<String, String> securedSink(
      String topic, String user, String password, Path trusted) {
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("connection.url", secured.url().toString().replace("127.0.0.1", "localhost"));
    config.put("connection.username", user);
    config.put("connection.password", password);
    config.put("elastic.https.ssl.truststore.location", trusted.toString());
    config.put("elastic.https.ssl.truststore.type", "PEM");
    return config;
  }

  private Map<String, List<String>> errors(Map<String, String> sink) {
    Map<String, String> config = new java.util.HashMap<>(sink);
    config.put("name", TestNames.unique("validate"));
    ConfigInfos result = connect.validateConnectorConfig("SearchSinkConnector", config);
    return result.configs().stream()
        .map(ConfigInfo::configValue)
        .filter(value -> !value.errors().isEmpty())
        .collect(Collectors.toMap(value -> value.name(), value -> value.errors()));
  }

  @Test
  void theRightCaAndCredentialsWork() throws Exception {
    String topic = TestNames.unique("secure");
    connect.kafka().createTopic(topic, 1);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(100, 300, 1_000, 1));
    Map<String, String> config = securedSink(topic, "writer", WRITER_PASSWORD, ca);

    assertThat(errors(config)).isEmpty();
    String connector = startConnector(config);
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    // The writer has only the privileges docs/security.md lists; an administrator checks its work.
    Elasticsearch asAdmin = new Elasticsearch(secured.url(), "admin", ADMIN_PASSWORD);
    assertThat(asAdmin.count(topic + "-v1"))
        .isEqualTo(ChangeLog.latestLiveRecords(produced).size());
    TestUtils.waitForCondition(
        () -> asAdmin.aliasHolders(topic).equals(List.of(topic + "-v1")),
        60_000,
        "the read alias was not moved to the index");

    // The status tool takes the password from the environment, never from Connect, never prints it.
    StatusTool tool = new StatusTool(connect);
    StatusTool.Result status =
        tool.run(Map.of("SEARCH_SINK_ES_PASSWORD", WRITER_PASSWORD), "status", connector, "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("\"phase\":\"LIVE\"").doesNotContain(WRITER_PASSWORD);
    assertThat(status.err()).doesNotContain(WRITER_PASSWORD);
    StatusTool.Result withoutPassword = tool.run("status", connector, "--json");
    assertThat(withoutPassword.out()).contains("\"error\":").contains("401");
    assertThat(withoutPassword.out() + withoutPassword.err()).doesNotContain(WRITER_PASSWORD);
    assertNoSecretInLogs();
  }

  @Test
  void theSecuredExampleIsValidAgainstASecuredServer() throws Exception {
    Map<String, String> example =
        ConfigExamplesIT.read(ConfigExamplesIT.EXAMPLES.resolve(ConfigExamplesIT.SECURED_EXAMPLE));
    // The example's own secrets and paths, swapped for this server's.
    example.put("connection.url", secured.url().toString().replace("127.0.0.1", "localhost"));
    example.put("connection.username", "writer");
    example.put("connection.password", WRITER_PASSWORD);
    example.put("elastic.https.ssl.truststore.location", ca.toString());
    example.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());

    assertThat(errors(example)).isEmpty();
  }

  @Test
  void aCaThatDidNotSignTheServerCertificateIsReportedOnTheUrl() {
    Map<String, List<String>> errors =
        errors(securedSink(TestNames.unique("secure"), "writer", WRITER_PASSWORD, otherCa));

    assertThat(errors).containsOnlyKeys("connection.url");
    assertThat(errors.get("connection.url")).singleElement().asString().contains("TLS");
  }

  @Test
  void aWrongPasswordIsReportedOnThePassword() throws IOException {
    Map<String, List<String>> errors =
        errors(securedSink(TestNames.unique("secure"), "writer", WRONG_PASSWORD, ca));

    assertThat(errors).containsOnlyKeys("connection.password");
    assertThat(errors.get("connection.password")).singleElement().asString().contains("HTTP 401");
    assertNoSecretInLogs();
  }

  @Test
  void aUserWithoutWritePrivilegesFailsTheTaskSayingWhy() throws Exception {
    String topic = TestNames.unique("secure");
    connect.kafka().createTopic(topic, 1);
    Kafka.produce(connect, topic, ChangeLog.random(10, 10, 1_000, 2));

    String connector = createConnector(securedSink(topic, "reader", READER_PASSWORD, ca));
    connect
        .assertions()
        .assertConnectorIsRunningAndTasksHaveFailed(connector, 1, "the task did not fail");

    assertThat(connect.connectorStatus(connector).tasks())
        .singleElement()
        .satisfies(
            task ->
                assertThat(task.trace())
                    .contains("Cannot create index '" + topic + "-v1'")
                    .contains("403")
                    .contains("security_exception")
                    .contains("reader"));
    assertNoSecretInLogs();
  }

  /** Issue #25: an error that cannot heal fails the task at once, naming the remedy. */
  @Test
  void writePrivilegesRevokedMidRunFailTheTaskAtOnceNamingThePrivileges() throws Exception {
    String topic = TestNames.unique("revoked");
    connect.kafka().createTopic(topic, 1);
    Kafka.produce(connect, topic, ChangeLog.random(10, 10, 1_000, 3));
    String connector = startConnector(securedSink(topic, "revocable", REVOCABLE_PASSWORD, ca));
    TestUtils.waitForCondition(
        () -> Kafka.committedOffsets(connect, connector).values().stream().anyMatch(o -> o == 10),
        60_000,
        "the first records were not written");

    // The file realm reloads roles.yml within seconds.
    Files.writeString(
        roles,
        Files.readString(roles)
            .replace(REVOCABLE_PRIVILEGES, "privileges: ['create_index', 'manage'] # revoked"));
    Thread.sleep(10_000);
    Kafka.produce(connect, topic, ChangeLog.random(10, 10, 1_000, 4));
    String trace = awaitTaskFailure(connector);

    assertThat(trace)
        .contains("403")
        .contains("security_exception")
        .contains("grant it the cluster privilege 'monitor'")
        .doesNotContain(REVOCABLE_PASSWORD);
    assertThat(Kafka.committedOffsets(connect, connector).values()).containsOnly(10L);
    assertNoSecretInLogs();
  }

  private static void assertNoSecretInLogs() throws IOException {
    String logs = Files.readString(Path.of("target", "it-logs", "connect.log"));
    assertThat(logs).isNotEmpty();
    for (String secret :
        List.of(WRITER_PASSWORD, READER_PASSWORD, WRONG_PASSWORD, REVOCABLE_PASSWORD)) {
      assertThat(logs).as("logs").doesNotContain(secret);
    }
  }
}
