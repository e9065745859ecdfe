package dev.unbundled.search.connector.client;

import dev.unbundled.search.connector.config.AuthType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.protocol.HttpContext;
import org.apache.http.protocol.HttpCoreContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs every request the connection sends with AWS Signature Version 4, using the AWS SDK's own
 * signer. It runs last among the HTTP client's interceptors, so it signs the {@code Host} header
 * the client is about to send, and writes back the headers the signature covers.
 *
 * <p>Credentials are asked of the provider for every request: the SDK's providers cache them and
 * refresh them before they expire, so rotated or renewed credentials are used without a restart.
 * The body is hashed whole (every body the connector sends is repeatable: bulk bodies are byte
 * arrays) and the hash is sent as {@code x-amz-content-sha256}, which OpenSearch Serverless
 * requires.
 */
final class AwsRequestSigner implements HttpRequestInterceptor {

  /**
   * The client's headers the signature covers, besides Host and {@code x-amz-} headers: those that
   * describe the body. Connection and user-agent headers are left out, as AWS's signers do.
   */
  private static final Set<String> SIGNED_HEADERS = Set.of("content-type", "content-length");

  /** The headers a signature adds. */
  private static final List<String> SIGNATURE_HEADERS =
      List.of("Authorization", "X-Amz-Date", "X-Amz-Security-Token", "x-amz-content-sha256");

  private final AwsCredentialsProvider credentials;
  private final String region;
  private final String service;
  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  AwsRequestSigner(AwsCredentialsProvider credentials, String region, String service) {
    this(credentials, region, service, Clock.systemUTC());
  }

  /** With the clock the signing time is read from, for tests against fixed-time vectors. */
  AwsRequestSigner(AwsCredentialsProvider credentials, String region, String service, Clock clock) {
    this.credentials = credentials;
    this.region = region;
    this.service = service;
    this.clock = clock;
  }

  @Override
  public void process(HttpRequest request, HttpContext context) throws HttpException, IOException {
    // A request sent again (to another node, or after a failure) carries its last signature.
    SIGNATURE_HEADERS.forEach(request::removeHeaders);
    ContentStreamProvider body = body(request);
    SdkHttpRequest unsigned = toSdkRequest(request, context);
    AwsCredentialsIdentity identity = resolveCredentials();
    SignedRequest signed;
    try {
      signed =
          signer.sign(
              sign ->
                  sign.identity(identity)
                      .request(unsigned)
                      .payload(body)
                      .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                      // The body's SHA-256 is signed and sent as x-amz-content-sha256, also over
                      // https, where the SDK would otherwise sign UNSIGNED-PAYLOAD.
                      .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                      .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    } catch (RuntimeException e) {
      // Never the exception's own text: it might quote a credential.
      throw new IOException(
          "Could not sign the request with AWS Signature Version 4 ("
              + e.getClass().getSimpleName()
              + ")");
    }
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      request.setHeader(header.getKey(), String.join(",", header.getValue()));
    }
  }

  private AwsCredentialsIdentity resolveCredentials() throws AwsCredentialsException {
    try {
      return credentials.resolveCredentials();
    } catch (SdkException e) {
      // The SDK's messages say which sources were tried and why each failed, never a key.
      throw new AwsCredentialsException(
          "No AWS credentials to sign requests with ("
              + AuthType.KEY
              + "=aws-sigv4): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The body as the signer reads it, from the entity itself (no copy of a bulk body), or null for a
   * request without one.
   */
  private static ContentStreamProvider body(HttpRequest request) throws IOException {
    if (!(request instanceof HttpEntityEnclosingRequest enclosing)
        || enclosing.getEntity() == null) {
      return null;
    }
    HttpEntity entity = enclosing.getEntity();
    if (!entity.isRepeatable()) {
      // The client streams the entity it was given: reading it here would send an empty body.
      throw new IOException("Cannot sign a request whose body can be read only once");
    }
    return () -> {
      try {
        return entity.getContent();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /**
   * The request as the signer sees it: the method, the Host header the client sends, the path and
   * decoded query, the content type and any {@code x-amz-} headers, with the body's hash.
   */
  private static SdkHttpRequest toSdkRequest(HttpRequest request, HttpContext context) {
    HttpHost target = HttpCoreContext.adapt(context).getTargetHost();
    String scheme = target == null ? "https" : target.getSchemeName();
    Header hostHeader = request.getFirstHeader("Host");
    HttpHost host =
        hostHeader != null ? HttpHost.create(scheme + "://" + hostHeader.getValue()) : target;
    URI uri = URI.create(request.getRequestLine().getUri());
    SdkHttpRequest.Builder builder =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(request.getRequestLine().getMethod()))
            .protocol(scheme)
            .host(host.getHostName())
            .encodedPath(
                uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    if (host.getPort() != -1) {
      builder.port(host.getPort());
    }
    if (uri.getRawQuery() != null) {
      for (String parameter : uri.getRawQuery().split("&")) {
        int equals = parameter.indexOf('=');
        builder.appendRawQueryParameter(
            decode(equals < 0 ? parameter : parameter.substring(0, equals)),
            equals < 0 ? null : decode(parameter.substring(equals + 1)));
      }
    }
    for (Header header : request.getAllHeaders()) {
      String name = header.getName().toLowerCase(Locale.ROOT);
      if (SIGNED_HEADERS.contains(name) || name.startsWith("x-amz-")) {
        builder.appendHeader(header.getName(), header.getValue());
      }
    }
    return builder.build();
  }

  /** Percent-decoding only: a {@code +} in a query the client sent is a plus, not a space. */
  private static String decode(String encoded) {
    return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
