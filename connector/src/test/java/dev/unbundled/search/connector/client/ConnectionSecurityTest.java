package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unbundled.search.connector.client.FakeCluster.Answer;
import dev.unbundled.search.connector.config.ConnectionGroup;
import dev.unbundled.search.connector.config.IndexGroup;
import dev.unbundled.search.connector.config.KafkaGroup;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.config.SecurityGroup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the request layer sends for each way of authenticating, and how it checks a server's
 * certificate: the same for Elasticsearch and OpenSearch (whose security plugin is not in the
 * distribution the integration tests can run, so this is where OpenSearch's side is covered).
 */
class ConnectionSecurityTest {

  private static final String HEALTH = "/_cluster/health";
  private static final String ROOT =
      "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.6\"}}";

  @TempDir static Path dir;
  private static Path serverKeystore;
  private static Path serverCa;
  private static Path otherHostKeystore;
  private static Path otherHostCa;

  /** Self-signed certificates from the JDK's keytool: one for 127.0.0.1, one for another host. */
  @BeforeAll
  static void makeCertificates() throws Exception {
    TestCertificates server = TestCertificates.selfSigned(dir, "server", "ip:127.0.0.1");
    serverKeystore = server.keystore();
    serverCa = server.pem();
    TestCertificates otherHost =
        TestCertificates.selfSigned(dir, "other", "dns:search.example.com");
    otherHostKeystore = otherHost.keystore();
    otherHostCa = otherHost.pem();
  }

  private static SSLContext serverTls(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, TestCertificates.PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, TestCertificates.PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static Map<String, String> settings(String url) {
    Map<String, String> props = new HashMap<>();
    props.put(ConnectionGroup.CONNECTION_URL, url);
    props.put(IndexGroup.INDEX_VERSION, "1");
    props.put(KafkaGroup.KAFKA_BOOTSTRAP_SERVERS, "localhost:9092");
    return props;
  }

  private static void getHealth(Map<String, String> props) throws IOException {
    try (ElasticsearchConnection connection =
        ElasticsearchConnection.open(new SearchSinkConfig(props))) {
      connection.requests().perform(new Request("GET", HEALTH));
    }
  }

  /** Asks for basic credentials, as a secured cluster does, and accepts any. */
  private static Answer challenge(FakeCluster.Received request) {
    return request.header("Authorization") == null
        ? new Answer(401, "{}", Map.of("WWW-Authenticate", "Basic realm=\"OpenSearch Security\""))
        : Answer.json(200, "{}");
  }

  @Test
  void basicCredentialsAnswerTheServersChallenge() throws Exception {
    try (FakeCluster cluster = FakeCluster.http()) {
      cluster.respondWith(ConnectionSecurityTest::challenge);
      Map<String, String> props = settings("http://127.0.0.1:" + cluster.port());
      props.put(ConnectionGroup.CONNECTION_USERNAME, "writer");
      props.put(ConnectionGroup.CONNECTION_PASSWORD, "s3cret:with-colon");

      getHealth(props);

      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("writer:s3cret:with-colon".getBytes(StandardCharsets.UTF_8));
      assertThat(cluster.received())
          .last()
          .satisfies(request -> assertThat(request.header("Authorization")).isEqualTo(expected));
    }
  }

  @Test
  void anApiKeyGoesOnEveryRequestEncodedWhenGivenAsIdAndKey() throws Exception {
    try (FakeCluster cluster = FakeCluster.http()) {
      cluster.answer(HEALTH, Answer.json(200, "{}"));
      Map<String, String> props = settings("http://127.0.0.1:" + cluster.port());
      props.put(SecurityGroup.CONNECTION_API_KEY, "key-id:key-secret");

      getHealth(props);

      assertThat(cluster.received())
          .singleElement()
          .satisfies(
              request ->
                  assertThat(request.header("Authorization"))
                      .isEqualTo(
                          "ApiKey "
                              + Base64.getEncoder()
                                  .encodeToString(
                                      "key-id:key-secret".getBytes(StandardCharsets.UTF_8))));
    }
  }

  @Test
  void aBearerTokenGoesOnEveryRequest() throws Exception {
    try (FakeCluster cluster = FakeCluster.http()) {
      cluster.answer(HEALTH, Answer.json(200, "{}"));
      Map<String, String> props = settings("http://127.0.0.1:" + cluster.port());
      props.put(SecurityGroup.CONNECTION_BEARER_TOKEN, "eyJhbGciOi.token");

      getHealth(props);

      assertThat(cluster.received())
          .singleElement()
          .satisfies(
              request ->
                  assertThat(request.header("Authorization")).isEqualTo("Bearer eyJhbGciOi.token"));
    }
  }

  @Test
  void httpsWorksWithTheServersCaAsAPemTruststore() throws Exception {
    try (FakeCluster cluster = FakeCluster.https(serverTls(serverKeystore))) {
      cluster.answer(HEALTH, Answer.json(200, "{}"));
      Map<String, String> props = settings("https://127.0.0.1:" + cluster.port());
      props.put(SecurityGroup.SSL_TRUSTSTORE_LOCATION, serverCa.toString());

      getHealth(props);

      assertThat(cluster.received()).hasSize(1);
    }
  }

  @Test
  void httpsRefusesAServerWhoseCaIsNotTrusted() throws Exception {
    try (FakeCluster cluster = FakeCluster.https(serverTls(serverKeystore))) {
      cluster.answer(HEALTH, Answer.json(200, "{}"));
      Map<String, String> props = settings("https://127.0.0.1:" + cluster.port());
      props.put(SecurityGroup.SSL_TRUSTSTORE_LOCATION, otherHostCa.toString());

      assertThatThrownBy(() -> getHealth(props)).isInstanceOf(SSLException.class);
      assertThat(cluster.received()).isEmpty();
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedUnlessHostnameVerificationIsOff() throws Exception {
    try (FakeCluster cluster = FakeCluster.https(serverTls(otherHostKeystore))) {
      cluster.answer(HEALTH, Answer.json(200, "{}"));
      Map<String, String> props = settings("https://127.0.0.1:" + cluster.port());
      props.put(SecurityGroup.SSL_TRUSTSTORE_LOCATION, otherHostCa.toString());

      assertThatThrownBy(() -> getHealth(props))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("does not match the certificate subject");
      assertThat(cluster.received()).isEmpty();

      props.put(SecurityGroup.SSL_ENDPOINT_IDENTIFICATION, "");
      getHealth(props);
      assertThat(cluster.received()).hasSize(1);
    }
  }

  @Test
  void theConnectionCheckPutsRefusedCredentialsOnThePassword() throws Exception {
    try (FakeCluster cluster = FakeCluster.http()) {
      cluster.respondWith(
          request ->
              new Answer(401, "{}", Map.of("WWW-Authenticate", "Basic realm=\"OpenSearch\"")));
      Map<String, String> props = settings("http://127.0.0.1:" + cluster.port());
      props.put(ConnectionGroup.CONNECTION_USERNAME, "writer");
      props.put(ConnectionGroup.CONNECTION_PASSWORD, "wrong");

      Optional<ConnectionCheck.Failure> failure = ConnectionCheck.run(new SearchSinkConfig(props));

      assertThat(failure)
          .get()
          .extracting(ConnectionCheck.Failure::key)
          .isEqualTo(ConnectionGroup.CONNECTION_PASSWORD);
    }
  }

  @Test
  void theConnectionCheckPutsAnUnsupportedEngineOnTheUrl() throws Exception {
    try (FakeCluster cluster = FakeCluster.http()) {
      cluster
          .answer(HEALTH, Answer.json(200, "{}"))
          .answer("/", Answer.json(200, ROOT.replace("2.19.6", "1.3.20")));

      Optional<ConnectionCheck.Failure> failure =
          ConnectionCheck.run(new SearchSinkConfig(settings("http://127.0.0.1:" + cluster.port())));

      assertThat(failure)
          .get()
          .satisfies(
              f -> {
                assertThat(f.key()).isEqualTo(ConnectionGroup.CONNECTION_URL);
                assertThat(f.message()).contains("OpenSearch 1.3.20").contains("OpenSearch 2.x");
              });
    }
  }

  @Test
  void theConnectionCheckAcceptsASupportedEngine() throws Exception {
    try (FakeCluster cluster = FakeCluster.http()) {
      cluster.answer(HEALTH, Answer.json(200, "{}")).answer("/", Answer.json(200, ROOT));

      assertThat(
              ConnectionCheck.run(
                  new SearchSinkConfig(settings("http://127.0.0.1:" + cluster.port()))))
          .isEmpty();
    }
  }
}
