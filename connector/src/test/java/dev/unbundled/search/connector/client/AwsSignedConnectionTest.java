package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.client.FakeCluster.Answer;
import dev.unbundled.search.connector.config.ConnectionGroup;
import dev.unbundled.search.connector.config.IndexGroup;
import dev.unbundled.search.connector.config.KafkaGroup;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import java.util.HashMap;
import java.util.Map;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection with connection.auth.type=aws-sigv4 signs what it sends, with credentials from the
 * AWS default chain (here its system properties), and validation reads AWS's 403 as a problem of
 * aws.region or the credentials.
 */
class AwsSignedConnectionTest {

  private static final String SECRET = "connection-test-secret-key";

  @BeforeEach
  void credentialsInSystemProperties() {
    System.setProperty("aws.accessKeyId", "AKIDCONNECTIONTEST");
    System.setProperty("aws.secretAccessKey", SECRET);
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  @AfterEach
  void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.disableEc2Metadata");
  }

  private static Map<String, String> signed(FakeCluster cluster) {
    Map<String, String> props = new HashMap<>();
    props.put(ConnectionGroup.CONNECTION_URL, "http://127.0.0.1:" + cluster.port());
    props.put(IndexGroup.INDEX_VERSION, "1");
    props.put(KafkaGroup.KAFKA_BOOTSTRAP_SERVERS, "localhost:9092");
    props.put("connection.auth.type", "aws-sigv4");
    props.put("aws.region", "eu-west-1");
    return props;
  }

  @Test
  void everyRequestIsSignedForTheRegionAndServiceWithTheHostSent() throws Exception {
    try (FakeCluster cluster = FakeCluster.http()) {
      cluster.answer("/_cluster/health", Answer.json(200, "{}"));
      try (ElasticsearchConnection connection =
          ElasticsearchConnection.open(new SearchSinkConfig(signed(cluster)))) {
        connection.requests().perform(new Request("GET", "/_cluster/health"));
      }

      assertThat(cluster.received())
          .singleElement()
          .satisfies(
              request -> {
                assertThat(header(request, "Authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDCONNECTIONTEST/")
                    .contains("/eu-west-1/es/aws4_request")
                    .containsPattern(
                        "SignedHeaders=(content-length;)?host;x-amz-content-sha256;x-amz-date,")
                    .doesNotContain(SECRET);
                assertThat(header(request, "Host")).isEqualTo("127.0.0.1:" + cluster.port());
                assertThat(header(request, "x-amz-content-sha256"))
                    .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
              });
    }
  }

  @Test
  void aRefusedSignatureIsAProblemOfTheRegionOrCredentials() throws Exception {
    try (FakeCluster cluster = FakeCluster.http()) {
      cluster.answer(
          "/_cluster/health",
          Answer.json(
              403,
              "{\"message\":\"The request signature we calculated does not match the signature"
                  + " you provided.\"}"));

      assertThat(ConnectionCheck.run(new SearchSinkConfig(signed(cluster))))
          .hasValueSatisfying(
              failure -> {
                assertThat(failure.key()).isEqualTo("aws.region");
                assertThat(failure.message())
                    .contains("signature we calculated does not match")
                    .contains("aws.region (eu-west-1)")
                    .doesNotContain(SECRET);
              });
    }
  }

  @Test
  void aPolicyThatDeniesHealthOnlyIsNoProblem() throws Exception {
    try (FakeCluster cluster = FakeCluster.http()) {
      cluster.answer(
          "/_cluster/health",
          Answer.json(
              403,
              "{\"Message\":\"User: arn:aws:iam::123456789012:role/sink is not authorized to"
                  + " perform: es:ESHttpGet\"}"));

      assertThat(ConnectionCheck.run(new SearchSinkConfig(signed(cluster)))).isEmpty();
    }
  }

  @Test
  void noCredentialsAnywhereIsAProblemOfTheAuthenticationType() throws Exception {
    clear();
    System.setProperty("aws.disableEc2Metadata", "true");
    System.setProperty("aws.sharedCredentialsFile", "/nonexistent/aws-credentials");
    System.setProperty("aws.configFile", "/nonexistent/aws-config");
    try (FakeCluster cluster = FakeCluster.http()) {
      assertThat(ConnectionCheck.run(new SearchSinkConfig(signed(cluster))))
          .hasValueSatisfying(
              failure -> {
                assertThat(failure.key()).isEqualTo("connection.auth.type");
                assertThat(failure.message()).contains("No AWS credentials");
              });
      assertThat(cluster.received()).isEmpty();
    } finally {
      System.clearProperty("aws.sharedCredentialsFile");
      System.clearProperty("aws.configFile");
    }
  }

  private static String header(FakeCluster.Received request, String name) {
    return request.headers().entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .map(values -> values.get(0))
        .findFirst()
        .orElse(null);
  }
}
