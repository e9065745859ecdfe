package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SigV4Proxy;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.StatusTool;
import dev.unbundled.search.it.harness.TestNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * AWS request signing (connection.auth.type=aws-sigv4) without AWS: a proxy that checks every
 * request's signature as an AWS endpoint does ({@link SigV4Proxy}) stands in front of the run's
 * real search server, and the sink, its validation and the status tool go through it.
 *
 * <p>The worker runs in this JVM, so its AWS credentials come from a shared credentials file that
 * the system property {@code aws.sharedCredentialsFile} points the SDK's default chain at: the file
 * is rewritten to rotate them, as an operator's tooling would. The instance metadata service is
 * switched off so that nothing ever leaves loopback.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class AwsSigV4IT extends SharedStackTest {

  private static final String REGION = "us-east-1";
  private static final Duration CATCH_UP = Duration.ofMinutes(1);
  private static final String SECRET_WORDS = "SigV4ItSecret";

  private static final SigV4Proxy.Key FIRST =
      new SigV4Proxy.Key("AKIDITFIRST", secret("first"), null);
  private static final SigV4Proxy.Key ROTATED =
      new SigV4Proxy.Key(
          "AKIDITROTATED", secret("rotated"), "session-token-" + SECRET_WORDS + "-1");
  private static final SigV4Proxy.Key EXPIRING =
      new SigV4Proxy.Key(
          "AKIDITEXPIRING", secret("expiring"), "session-token-" + SECRET_WORDS + "-2");

  private static Path credentialsFile;
  private static SigV4Proxy proxy;

  AwsSigV4IT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  private static String secret(String name) {
    return SECRET_WORDS + "/" + name + "/" + Long.toHexString(System.nanoTime());
  }

  @BeforeAll
  static void pointTheDefaultChainAtACredentialsFile() throws IOException {
    credentialsFile = Files.createTempFile("aws-credentials-", "");
    System.setProperty("aws.sharedCredentialsFile", credentialsFile.toString());
    System.setProperty("aws.configFile", credentialsFile.toString() + ".config");
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  @AfterAll
  static void stop() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    System.clearProperty("aws.sharedCredentialsFile");
    System.clearProperty("aws.configFile");
    System.clearProperty("aws.disableEc2Metadata");
    Files.deleteIfExists(credentialsFile);
  }

  @BeforeEach
  void startProxy() throws IOException {
    if (proxy == null) {
      proxy = new SigV4Proxy(URI.create(elasticsearch.url()), REGION, "es");
    }
  }

  /** Replaces the credentials file in one step, as a credentials helper would. */
  private static void writeCredentials(String accessKeyId, String secretKey, String token)
      throws IOException {
    Path next = Files.createTempFile(credentialsFile.getParent(), "aws-credentials-", ".next");
    Files.writeString(
        next,
        "[default]\naws_access_key_id = "
            + accessKeyId
            + "\naws_secret_access_key = "
            + secretKey
            + (token == null ? "" : "\naws_session_token = " + token)
            + "\n");
    Files.move(next, credentialsFile, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeCredentials(SigV4Proxy.Key key) throws IOException {
    writeCredentials(key.accessKeyId(), key.secretAccessKey(), key.sessionToken());
  }

  private Map<String, String> signedSink(String topic) {
    Map<String, String> config = SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1);
    config.put("connection.url", proxy.url());
    config.put("connection.auth.type", "aws-sigv4");
    config.put("aws.region", REGION);
    return config;
  }

  private static List<Map.Entry<String, String>> records(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> Map.entry("k" + i, "{\"n\":" + i + ",\"text\":\"record " + i + "\"}"))
        .collect(Collectors.toList());
  }

  private Map<String, List<String>> errors(Map<String, String> sink) {
    Map<String, String> config = new HashMap<>(sink);
    config.putIfAbsent("name", TestNames.unique("validate"));
    ConfigInfos result = connect.validateConnectorConfig("SearchSinkConnector", config);
    return result.configs().stream()
        .map(ConfigInfo::configValue)
        .filter(value -> !value.errors().isEmpty())
        .collect(Collectors.toMap(value -> value.name(), value -> value.errors()));
  }

  @Test
  void everyRequestIsSignedAndRotatedCredentialsAreUsedWithoutAFailedWrite() throws Exception {
    proxy.accept(FIRST);
    writeCredentials(FIRST);
    String topic = TestNames.unique("aws");
    connect.kafka().createTopic(topic, 1);

    // The example validates through the proxy, with credentials from the default chain.
    Map<String, String> example =
        ConfigExamplesIT.read(ConfigExamplesIT.EXAMPLES.resolve(ConfigExamplesIT.AWS_EXAMPLE));
    example.put("connection.url", proxy.url());
    example.put("aws.region", REGION);
    example.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
    assertThat(errors(example)).isEmpty();

    Map<String, String> config = signedSink(topic);
    assertThat(errors(config)).isEmpty();
    String connector = startConnector(config);
    Kafka.awaitCommitted(
        connect,
        connector,
        Kafka.endOffsets(Kafka.produce(connect, topic, records(0, 200))),
        CATCH_UP);
    // Built, promoted: index creation, settings, health and the alias move all went signed.
    TestUtils.waitForCondition(
        () -> elasticsearch.aliasHolders(topic).equals(List.of(topic + "-v1")),
        30_000,
        "the read alias was not moved to the index");

    // Rotation: the new session credentials are valid before the old key is revoked, as in AWS.
    // Each connection (the connector's, the task's) reads the rewritten file on one of its next
    // requests; the old key is revoked once it has not been used for 2 s while records flow.
    proxy.accept(ROTATED);
    writeCredentials(ROTATED);
    int written = 200;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (proxy.verified(ROTATED.accessKeyId()) == 0
        || proxy.lastUse(FIRST.accessKeyId()).isAfter(Instant.now().minusSeconds(2))) {
      assertThat(System.nanoTime())
          .as("the rewritten credentials file was never used")
          .isLessThan(deadline);
      List<Kafka.Produced> batch = Kafka.produce(connect, topic, records(written, written + 20));
      written += 20;
      Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(batch), CATCH_UP);
      Thread.sleep(250);
    }
    proxy.revoke(FIRST.accessKeyId());
    Kafka.awaitCommitted(
        connect,
        connector,
        Kafka.endOffsets(Kafka.produce(connect, topic, records(written, written + 200))),
        CATCH_UP);
    written += 200;

    elasticsearch.refresh(topic + "-v1");
    assertThat(elasticsearch.count(topic + "-v1")).isEqualTo(written);
    assertThat(proxy.refusals()).as("requests the proxy refused").isEmpty();
    assertThat(connect.connectorStatus(connector).tasks())
        .singleElement()
        .satisfies(task -> assertThat(task.state()).isEqualTo("RUNNING"));

    // The status tool opens the same connection: signed with the credentials of its environment.
    StatusTool.Result status =
        new StatusTool(connect)
            .run(
                Map.of(
                    "AWS_ACCESS_KEY_ID", ROTATED.accessKeyId(),
                    "AWS_SECRET_ACCESS_KEY", ROTATED.secretAccessKey(),
                    "AWS_SESSION_TOKEN", ROTATED.sessionToken(),
                    "AWS_EC2_METADATA_DISABLED", "true"),
                "status",
                connector,
                "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("\"phase\":\"LIVE\"");
    assertThat(status.out() + status.err()).doesNotContain(SECRET_WORDS);
    assertThat(proxy.refusals()).isEmpty();
    assertNoSecretInLogs();
  }

  @Test
  void aWrongSecretIsAValidationErrorAndExpiredCredentialsFailTheTask() throws Exception {
    proxy.accept(EXPIRING);
    String topic = TestNames.unique("aws-expiring");
    connect.kafka().createTopic(topic, 1);
    Map<String, String> config = signedSink(topic);

    writeCredentials(EXPIRING.accessKeyId(), secret("wrong"), EXPIRING.sessionToken());
    Map<String, List<String>> errors = errors(config);
    assertThat(errors).containsOnlyKeys("aws.region");
    assertThat(errors.get("aws.region"))
        .singleElement()
        .asString()
        .contains("refused the AWS signature")
        .contains("signature we calculated does not match")
        .doesNotContain(SECRET_WORDS);

    config.put("aws.region", "eu-west-1");
    writeCredentials(EXPIRING);
    assertThat(errors(config).get("aws.region"))
        .singleElement()
        .asString()
        .contains("Credential should be scoped to a valid region")
        .contains("eu-west-1");

    config.put("aws.region", REGION);
    assertThat(errors(config)).isEmpty();
    String connector = startConnector(config);
    Kafka.awaitCommitted(
        connect,
        connector,
        Kafka.endOffsets(Kafka.produce(connect, topic, records(0, 50))),
        CATCH_UP);

    // The session ends and nothing renews it: the task fails at once, saying why, never retrying.
    proxy.expire(EXPIRING.accessKeyId());
    Kafka.produce(connect, topic, records(50, 100));
    String trace = awaitTaskFailure(connector);
    assertThat(trace)
        .contains("HTTP 403")
        .contains("aws.region")
        .contains("The security token included in the request is expired")
        .doesNotContain(SECRET_WORDS);
    assertNoSecretInLogs();
  }

  private static void assertNoSecretInLogs() throws IOException {
    String logs = Files.readString(Path.of("target", "it-logs", "connect.log"));
    assertThat(logs).as("logs").doesNotContain(SECRET_WORDS);
  }
}
