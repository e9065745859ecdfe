package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.client.ConnectionCheck;
import dev.unbundled.search.connector.config.KafkaGroup;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaAccessCheckTest {

  private static final String SECRET = "s3cret-scram-password";
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"search\""
          + " password=\""
          + SECRET
          + "\";";

  private static SearchSinkConfig secured() {
    return new SearchSinkConfig(
        Map.of(
            "name",
            "orders-search-v1",
            "connection.url",
            "http://127.0.0.1:9",
            "kafka.bootstrap.servers",
            "127.0.0.1:9093",
            "index.version",
            "1",
            KafkaGroup.SECURITY_PROTOCOL,
            "SASL_SSL",
            KafkaGroup.SASL_MECHANISM,
            "SCRAM-SHA-512",
            KafkaGroup.SASL_JAAS_CONFIG,
            JAAS,
            KafkaGroup.SSL_TRUSTSTORE_LOCATION,
            "/etc/kafka/ca.p12"));
  }

  @Test
  void refusedCredentialsAreReportedOnTheJaasConfigurationWithoutItsPassword() {
    ConnectionCheck.Failure failure =
        KafkaAccessCheck.failure(
            new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL"
                    + " mechanism SCRAM-SHA-512"),
            secured());

    assertThat(failure.key()).isEqualTo(KafkaGroup.SASL_JAAS_CONFIG);
    assertThat(failure.message()).contains("127.0.0.1:9093", "refused the SASL credentials");
    assertThat(failure.message()).doesNotContain(SECRET);
  }

  @Test
  void anUntrustedCertificateIsReportedOnTheTruststore() {
    SslAuthenticationException handshake = new SslAuthenticationException("SSL handshake failed");
    handshake.initCause(new SSLHandshakeException("PKIX path building failed"));

    ConnectionCheck.Failure failure = KafkaAccessCheck.failure(handshake, secured());

    assertThat(failure.key()).isEqualTo(KafkaGroup.SSL_TRUSTSTORE_LOCATION);
    assertThat(failure.message()).contains("PKIX path building failed", "holds the CA");
  }

  @Test
  void noAnswerIsReportedOnTheBootstrapServersAndNamesTheSecurityProtocol() {
    ConnectionCheck.Failure failure =
        KafkaAccessCheck.failure(new TimeoutException("timed out"), secured());

    assertThat(failure.key()).isEqualTo(KafkaGroup.KAFKA_BOOTSTRAP_SERVERS);
    assertThat(failure.message()).contains(KafkaGroup.SECURITY_PROTOCOL);
  }

  @Test
  void anyOtherFailureQuotesNoMessageThatCouldHoldTheJaasConfiguration() {
    ConnectionCheck.Failure failure =
        KafkaAccessCheck.failure(
            new KafkaException("Failed to create new KafkaAdminClient", new KafkaException(JAAS)),
            secured());

    assertThat(failure.key()).isEqualTo(KafkaGroup.KAFKA_BOOTSTRAP_SERVERS);
    assertThat(failure.message()).doesNotContain(SECRET).contains("KafkaException");
  }

  @Test
  void theJaasConfigurationIsAPasswordThatReachesTheAdminClientUnprefixed() {
    SearchSinkConfig config = secured();

    assertThat(SearchSinkConfig.CONFIG_DEF.configKeys().get(KafkaGroup.SASL_JAAS_CONFIG).type)
        .isEqualTo(ConfigDef.Type.PASSWORD);
    assertThat(config.getPassword(KafkaGroup.SASL_JAAS_CONFIG).toString())
        .isEqualTo(Password.HIDDEN);
    assertThat(config.kafkaAdminConfig())
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "127.0.0.1:9093")
        .doesNotContainKey("ssl.keystore.location");
  }
}
