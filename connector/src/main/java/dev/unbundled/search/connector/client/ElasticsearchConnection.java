package dev.unbundled.search.connector.client;

import dev.unbundled.search.connector.config.AwsSigning;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.config.SecurityGroup;
import dev.unbundled.search.connector.config.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to Elasticsearch or OpenSearch: one low-level {@link RestClient}, which speaks
 * plain HTTP to both and carries every request the connector and the tool send (bulk requests,
 * whose bodies the connector builds itself, and the JSON administration requests of {@link
 * JsonRequests}). Building it makes no network call.
 */
public final class ElasticsearchConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ElasticsearchConnection.class);

  /**
   * Connections the HTTP client keeps per node beyond a task's bulk requests: for its index
   * requests, and the connector's life-cycle checks. A request never waits for one: with fewer, a
   * bulk request above the client's default of 10 would.
   */
  private static final int SPARE_CONNECTIONS = 4;

  private final RestClient restClient;
  private final RestRequests requests;
  private final Optional<AwsCredentialSources> awsCredentials;

  private ElasticsearchConnection(
      RestClient restClient, Duration deadline, Optional<AwsCredentialSources> awsCredentials) {
    this.restClient = restClient;
    this.requests = new RestRequests(restClient, deadline);
    this.awsCredentials = awsCredentials;
  }

  /**
   * How long a request may take before it is abandoned: its connection and twice its read timeout,
   * room for a slow answer that keeps the socket busy.
   */
  static Duration requestDeadline(SearchSinkConfig config) {
    return config.connectionTimeout().plus(config.readTimeout().multipliedBy(2));
  }

  public static ElasticsearchConnection open(SearchSinkConfig config) {
    HttpHost[] hosts =
        config.connectionUrls().stream()
            .map(ElasticsearchConnection::toHost)
            .toArray(HttpHost[]::new);
    RestClientBuilder builder =
        RestClient.builder(hosts)
            .setRequestConfigCallback(
                request ->
                    request
                        .setConnectTimeout((int) config.connectionTimeout().toMillis())
                        .setSocketTimeout((int) config.readTimeout().toMillis()));
    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
    config
        .credentials()
        .ifPresent(
            user ->
                credentials.setCredentials(
                    AuthScope.ANY,
                    new UsernamePasswordCredentials(user.username(), user.password())));
    TlsSettings tls = config.tls();
    SSLContext sslContext = tls.customized() ? SslContexts.create(tls) : null;
    if (!tls.verifyHostname()) {
      log.warn(
          "TLS hostname verification to the search engine is off ({} is empty): any certificate from a"
              + " trusted CA is accepted for any host",
          SecurityGroup.SSL_ENDPOINT_IDENTIFICATION);
    }
    Optional<AwsSigning> signing = config.awsSigning();
    Optional<AwsCredentialSources> awsCredentials = signing.map(AwsCredentialSources::of);
    int perNode = Math.max(10, config.maxInFlightRequests() + SPARE_CONNECTIONS);
    builder.setHttpClientConfigCallback(
        http -> {
          http.setMaxConnPerRoute(perNode);
          http.setMaxConnTotal(perNode * hosts.length);
          http.setDefaultCredentialsProvider(credentials);
          // Last, so that it signs the Host header and body the client is about to send.
          signing.ifPresent(
              aws ->
                  http.addInterceptorLast(
                      new AwsRequestSigner(awsCredentials.get(), aws.region(), aws.service())));
          if (sslContext != null) {
            http.setSSLContext(sslContext);
          }
          if (!tls.verifyHostname()) {
            http.setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE);
          }
          return http;
        });
    AuthorizationHeader.of(config)
        .ifPresent(
            value ->
                builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", value)}));
    return new ElasticsearchConnection(builder.build(), requestDeadline(config), awsCredentials);
  }

  private static HttpHost toHost(URI uri) {
    int port =
        uri.getPort() != -1
            ? uri.getPort()
            : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 9200;
    return new HttpHost(uri.getHost(), port, uri.getScheme());
  }

  /** Requests over this connection, each answered or failed within its deadline. */
  public RestRequests requests() {
    return requests;
  }

  @Override
  public void close() {
    awsCredentials.ifPresent(AwsCredentialSources::close);
    try {
      restClient.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not close the connection to the search engine", e);
    }
  }
}
