package dev.unbundled.search.connector.lifecycle;

import dev.unbundled.search.connector.client.ConnectionCheck;
import dev.unbundled.search.connector.config.KafkaGroup;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Asks Kafka, once, whether the connector can read offsets there with {@code
 * kafka.bootstrap.servers} and the {@code kafka.admin.*} settings, and turns a failure into a
 * message on the setting to fix. Failures are told apart by the exception Kafka's client raises,
 * never by message text; messages quote Kafka's own words only where they cannot hold a secret.
 */
public final class KafkaAccessCheck {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private KafkaAccessCheck() {}

  public static Optional<ConnectionCheck.Failure> run(SearchSinkConfig config) {
    Map<String, Object> settings = config.kafkaAdminConfig();
    settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "search-sink-validation");
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    try (Admin admin = Admin.create(settings)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
          .clusterId()
          .get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of(failure(e.getCause(), config));
    } catch (java.util.concurrent.TimeoutException e) {
      return Optional.of(failure(new org.apache.kafka.common.errors.TimeoutException(), config));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(failure(e, config));
    } catch (KafkaException e) {
      // The admin client could not even be made: a setting it refused.
      return Optional.of(failure(e, config));
    }
  }

  /** What a failure to reach Kafka means, and on which key to report it. */
  static ConnectionCheck.Failure failure(Throwable cause, SearchSinkConfig config) {
    String servers = String.join(",", config.getList(KafkaGroup.KAFKA_BOOTSTRAP_SERVERS));
    if (cause instanceof SaslAuthenticationException) {
      return new ConnectionCheck.Failure(
          KafkaGroup.SASL_JAAS_CONFIG,
          "Kafka at "
              + servers
              + " refused the SASL credentials ("
              + cause.getMessage()
              + "). Check the user name and password in "
              + KafkaGroup.SASL_JAAS_CONFIG
              + " and "
              + KafkaGroup.SASL_MECHANISM
              + ".");
    }
    if (cause instanceof SslAuthenticationException) {
      return new ConnectionCheck.Failure(
          KafkaGroup.SSL_TRUSTSTORE_LOCATION,
          "The TLS handshake with Kafka at "
              + servers
              + " failed: "
              + rootMessage(cause)
              + ". Check that "
              + KafkaGroup.SSL_TRUSTSTORE_LOCATION
              + " holds the CA that signed the brokers' certificates.");
    }
    if (cause instanceof AuthenticationException) {
      return new ConnectionCheck.Failure(
          KafkaGroup.SASL_JAAS_CONFIG,
          "Kafka at "
              + servers
              + " refused to authenticate the connector ("
              + cause.getClass().getSimpleName()
              + "). Check "
              + KafkaGroup.SECURITY_PROTOCOL
              + ", "
              + KafkaGroup.SASL_MECHANISM
              + " and "
              + KafkaGroup.SASL_JAAS_CONFIG
              + ".");
    }
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      return new ConnectionCheck.Failure(
          KafkaGroup.KAFKA_BOOTSTRAP_SERVERS,
          "No answer from Kafka at "
              + servers
              + " within "
              + TIMEOUT.toSeconds()
              + " s. Check the addresses, and that "
              + KafkaGroup.SECURITY_PROTOCOL
              + " matches the listener they point at.");
    }
    // Kafka's ConfigException shows a password's value as [hidden]; other messages are left out,
    // as a parser's complaint may quote the JAAS configuration.
    String detail =
        cause instanceof ConfigException || cause.getCause() instanceof ConfigException
            ? rootMessage(cause)
            : cause.getClass().getSimpleName()
                + (cause.getCause() == null
                    ? ""
                    : " (" + cause.getCause().getClass().getSimpleName() + ")");
    return new ConnectionCheck.Failure(
        KafkaGroup.KAFKA_BOOTSTRAP_SERVERS,
        "Cannot read offsets from Kafka at "
            + servers
            + " with the kafka.admin.* settings: "
            + detail
            + ".");
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
