package dev.unbundled.search.connector.client;

import dev.unbundled.search.connector.config.AuthType;
import dev.unbundled.search.connector.config.AwsSigning;
import dev.unbundled.search.connector.config.ConnectionGroup;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.config.SecurityGroup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Elasticsearch (or OpenSearch), once, whether it can be reached with the configured URLs and
 * credentials and whether the connector supports it, and turns the answer into a message a user can
 * act on. Reachability uses cluster health, which every distribution answers (unlike {@code GET /}
 * on some); the engine is found by {@link EngineDetector}.
 */
public final class ConnectionCheck {

  private static final Logger log = LoggerFactory.getLogger(ConnectionCheck.class);

  /** What is wrong, and on which setting. */
  public record Failure(String key, String message) {}

  private ConnectionCheck() {}

  /** An engine or version the connector does not support is a failure on the URL. */
  private static Optional<Failure> engineProblem(
      SearchSinkConfig config, Optional<SearchEngine> engine) {
    if (engine.isEmpty()) {
      log.warn(
          "{} would not say which engine and version it is (GET / and the nodes info refused)",
          config.connectionUrls());
      return Optional.empty();
    }
    log.info("connection.url {} reaches {}", config.connectionUrls(), engine.get());
    return engine
        .get()
        .unsupportedReason()
        .map(reason -> new Failure(ConnectionGroup.CONNECTION_URL, reason));
  }

  /**
   * A 403 to a signed request: AWS refuses a signature it cannot verify (wrong secret key, wrong
   * region or service, expired session credentials) with 403, as it refuses an IAM policy that does
   * not allow the call. Only the policy's refusal means the credentials themselves are good.
   */
  private static Optional<Failure> awsRefusal(SearchSinkConfig config, ResponseException e) {
    String answer = ErrorAnswers.reason(e.getResponse());
    if (answer.contains("not authorized to perform")) {
      return Optional.empty();
    }
    AwsSigning signing = config.awsSigning().get();
    return Optional.of(
        new Failure(
            SecurityGroup.AWS_REGION,
            "The search engine refused the AWS signature (HTTP 403: "
                + answer
                + "). Check that aws.region ("
                + signing.region()
                + ") and aws.service ("
                + signing.service()
                + ") are the domain's, and that the AWS credentials the worker finds (environment,"
                + " profile, role) are valid and not expired."));
  }

  public static Optional<Failure> run(SearchSinkConfig config) {
    try (ElasticsearchConnection connection = ElasticsearchConnection.open(config)) {
      connection.requests().perform(new Request("GET", "/_cluster/health"));
      return engineProblem(config, EngineDetector.detect(connection.requests()));
    } catch (ResponseException e) {
      int status = e.getResponse().getStatusLine().getStatusCode();
      if (status == 401) {
        return Optional.of(
            new Failure(
                config.credentials().isPresent()
                    ? ConnectionGroup.CONNECTION_PASSWORD
                    : ConnectionGroup.CONNECTION_USERNAME,
                "The search engine refused the credentials (HTTP 401). Check connection.username and"
                    + " connection.password (or connection.api.key, connection.bearer.token)."));
      }
      if (status == 403 && config.awsSigning().isPresent()) {
        Optional<Failure> refused = awsRefusal(config, e);
        if (refused.isPresent()) {
          return refused;
        }
      }
      // 403: the credentials work but may not read cluster health, which writing does not need.
      return status == 403
          ? Optional.empty()
          : Optional.of(
              new Failure(
                  ConnectionGroup.CONNECTION_URL,
                  "The search engine answered HTTP " + status + " to a health check."));
    } catch (SSLException e) {
      return Optional.of(
          new Failure(
              ConnectionGroup.CONNECTION_URL,
              "TLS handshake with the search engine failed: " + e.getMessage()));
    } catch (ConnectException | UnknownHostException e) {
      return Optional.of(
          new Failure(
              ConnectionGroup.CONNECTION_URL,
              "Cannot reach the search engine at "
                  + config.connectionUrls()
                  + ": "
                  + e.getMessage()
                  + ". Check the URL and that the worker can reach it."));
    } catch (IOException | RuntimeException e) {
      Optional<AwsCredentialsException> noCredentials = AwsCredentialsException.in(e);
      if (noCredentials.isPresent()) {
        return Optional.of(new Failure(AuthType.KEY, noCredentials.get().getMessage()));
      }
      return Optional.of(
          new Failure(
              ConnectionGroup.CONNECTION_URL,
              "Cannot reach the search engine at " + config.connectionUrls() + ": " + e));
    }
  }
}
